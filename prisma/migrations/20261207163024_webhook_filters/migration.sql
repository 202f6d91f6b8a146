-- AlterTable
ALTER TABLE "webhooks" ADD COLUMN     "control" TEXT,
ADD COLUMN     "framework" TEXT,
ADD COLUMN     "team_id" TEXT;

-- CreateIndex
CREATE INDEX "webhooks_team_id_idx" ON "webhooks"("team_id");

-- AddForeignKey
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
