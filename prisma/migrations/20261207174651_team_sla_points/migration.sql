-- CreateTable
CREATE TABLE "team_sla_points" (
    "id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "team_key" TEXT NOT NULL,
    "team_name" TEXT NOT NULL,
    "tracked" INTEGER NOT NULL,
    "overdue" INTEGER NOT NULL,
    "due_soon" INTEGER NOT NULL,
    "closed" INTEGER NOT NULL,
    "closed_on_time" INTEGER NOT NULL,

    CONSTRAINT "team_sla_points_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "team_sla_points_team_key_day_idx" ON "team_sla_points"("team_key", "day");

-- CreateIndex
CREATE UNIQUE INDEX "team_sla_points_day_team_key_key" ON "team_sla_points"("day", "team_key");
