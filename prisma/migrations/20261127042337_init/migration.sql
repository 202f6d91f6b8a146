-- CreateEnum
CREATE TYPE "cluster_environment" AS ENUM ('production', 'staging', 'development');

-- CreateEnum
CREATE TYPE "cluster_auth_type" AS ENUM ('kubeconfig', 'token', 'in_cluster');

-- CreateEnum
CREATE TYPE "scan_status" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "scan_trigger" AS ENUM ('schedule', 'manual', 'api');

-- CreateEnum
CREATE TYPE "severity" AS ENUM ('critical', 'high', 'medium', 'low', 'info');

-- CreateEnum
CREATE TYPE "finding_status" AS ENUM ('open', 'resolved');

-- CreateEnum
CREATE TYPE "finding_event_type" AS ENUM ('opened', 'resolved', 'reopened');

-- CreateEnum
CREATE TYPE "exception_scope" AS ENUM ('finding', 'check');

-- CreateEnum
CREATE TYPE "webhook_format" AS ENUM ('generic', 'slack');

-- CreateEnum
CREATE TYPE "delivery_status" AS ENUM ('pending', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "report_status" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_verified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "banned" BOOLEAN DEFAULT false,
    "ban_reason" TEXT,
    "ban_expires" TIMESTAMPTZ(3),
    "must_change_password" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "user_id" TEXT NOT NULL,
    "impersonated_by" TEXT,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "access_token" TEXT,
    "refresh_token" TEXT,
    "id_token" TEXT,
    "access_token_expires_at" TIMESTAMPTZ(3),
    "refresh_token_expires_at" TIMESTAMPTZ(3),
    "scope" TEXT,
    "password" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verifications" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "last_request" BIGINT NOT NULL,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clusters" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "environment" "cluster_environment" NOT NULL DEFAULT 'development',
    "labels" JSONB NOT NULL DEFAULT '{}',
    "auth_type" "cluster_auth_type" NOT NULL,
    "api_server_url" TEXT,
    "context_name" TEXT,
    "credentials" TEXT,
    "credentials_key_id" TEXT,
    "scan_schedule" TEXT NOT NULL DEFAULT '0 3 * * *',
    "schedule_timezone" TEXT NOT NULL DEFAULT 'UTC',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_connection_at" TIMESTAMPTZ(3),
    "last_connection_ok" BOOLEAN,
    "last_connection_message" TEXT,
    "server_version" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "clusters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scans" (
    "id" TEXT NOT NULL,
    "cluster_id" TEXT NOT NULL,
    "status" "scan_status" NOT NULL DEFAULT 'queued',
    "trigger" "scan_trigger" NOT NULL,
    "triggered_by_id" TEXT,
    "job_id" TEXT,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "phase" TEXT,
    "progress" JSONB,
    "error" TEXT,
    "error_code" TEXT,
    "kubernetes_version" TEXT,
    "object_counts" JSONB,
    "coverage_gaps" JSONB,
    "score" INTEGER,
    "grade" TEXT,
    "results_passed" INTEGER NOT NULL DEFAULT 0,
    "results_failed" INTEGER NOT NULL DEFAULT 0,
    "results_excepted" INTEGER NOT NULL DEFAULT 0,
    "findings_new" INTEGER NOT NULL DEFAULT 0,
    "findings_resolved" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "scans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "findings" (
    "id" TEXT NOT NULL,
    "cluster_id" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "check_id" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "severity" "severity" NOT NULL,
    "resource_api_version" TEXT NOT NULL,
    "resource_kind" TEXT NOT NULL,
    "resource_namespace" TEXT,
    "resource_name" TEXT NOT NULL,
    "path" TEXT,
    "detail" TEXT,
    "message" TEXT NOT NULL,
    "evidence" JSONB,
    "patch" JSONB,
    "manifest_hash" TEXT,
    "status" "finding_status" NOT NULL DEFAULT 'open',
    "first_seen_scan_id" TEXT,
    "last_seen_scan_id" TEXT,
    "resolved_scan_id" TEXT,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "reopen_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "findings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finding_events" (
    "id" TEXT NOT NULL,
    "finding_id" TEXT NOT NULL,
    "scan_id" TEXT NOT NULL,
    "cluster_id" TEXT NOT NULL,
    "type" "finding_event_type" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "finding_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resource_documents" (
    "id" TEXT NOT NULL,
    "cluster_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT,
    "name" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resource_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scan_section_aggregates" (
    "id" TEXT NOT NULL,
    "scan_id" TEXT NOT NULL,
    "cluster_id" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "scanned_at" TIMESTAMPTZ(3) NOT NULL,
    "score" INTEGER NOT NULL,
    "grade" TEXT NOT NULL,
    "passed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "excepted" INTEGER NOT NULL DEFAULT 0,
    "open_critical" INTEGER NOT NULL DEFAULT 0,
    "open_high" INTEGER NOT NULL DEFAULT 0,
    "open_medium" INTEGER NOT NULL DEFAULT 0,
    "open_low" INTEGER NOT NULL DEFAULT 0,
    "open_info" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "scan_section_aggregates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scan_check_aggregates" (
    "id" TEXT NOT NULL,
    "scan_id" TEXT NOT NULL,
    "cluster_id" TEXT NOT NULL,
    "check_id" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "severity" "severity" NOT NULL,
    "scanned_at" TIMESTAMPTZ(3) NOT NULL,
    "passed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "excepted" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "scan_check_aggregates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scan_artifacts" (
    "id" TEXT NOT NULL,
    "scan_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scan_artifacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_exceptions" (
    "id" TEXT NOT NULL,
    "cluster_id" TEXT,
    "scope" "exception_scope" NOT NULL,
    "finding_id" TEXT,
    "check_id" TEXT,
    "namespace_pattern" TEXT,
    "label_selector" TEXT,
    "resource_name_pattern" TEXT,
    "reason" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_id" TEXT,

    CONSTRAINT "risk_exceptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT,
    "actor_email" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "ip" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhooks" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "format" "webhook_format" NOT NULL DEFAULT 'generic',
    "secret" TEXT,
    "events" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "delivery_status" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "response_code" INTEGER,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reports" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "report_status" NOT NULL DEFAULT 'queued',
    "params" JSONB NOT NULL DEFAULT '{}',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "file_path" TEXT,
    "bytes" INTEGER,
    "error" TEXT,
    "schedule_id" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_schedules" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "params" JSONB NOT NULL DEFAULT '{}',
    "webhook_id" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_run_at" TIMESTAMPTZ(3),

    CONSTRAINT "report_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_id" TEXT,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_key" ON "sessions"("token");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- CreateIndex
CREATE INDEX "accounts_user_id_idx" ON "accounts"("user_id");

-- CreateIndex
CREATE INDEX "accounts_provider_id_account_id_idx" ON "accounts"("provider_id", "account_id");

-- CreateIndex
CREATE INDEX "verifications_identifier_idx" ON "verifications"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "rate_limits_key_key" ON "rate_limits"("key");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "clusters_name_key" ON "clusters"("name");

-- CreateIndex
CREATE INDEX "clusters_credentials_key_id_idx" ON "clusters"("credentials_key_id");

-- CreateIndex
CREATE INDEX "scans_cluster_id_queued_at_idx" ON "scans"("cluster_id", "queued_at" DESC);

-- CreateIndex
CREATE INDEX "scans_cluster_id_status_finished_at_idx" ON "scans"("cluster_id", "status", "finished_at" DESC);

-- CreateIndex
CREATE INDEX "scans_status_idx" ON "scans"("status");

-- CreateIndex
CREATE INDEX "scans_queued_at_idx" ON "scans"("queued_at" DESC);

-- CreateIndex
CREATE INDEX "findings_cluster_id_status_severity_idx" ON "findings"("cluster_id", "status", "severity");

-- CreateIndex
CREATE INDEX "findings_status_severity_last_seen_at_idx" ON "findings"("status", "severity", "last_seen_at" DESC);

-- CreateIndex
CREATE INDEX "findings_check_id_status_idx" ON "findings"("check_id", "status");

-- CreateIndex
CREATE INDEX "findings_cluster_id_resource_namespace_idx" ON "findings"("cluster_id", "resource_namespace");

-- CreateIndex
CREATE INDEX "findings_cluster_id_resource_kind_resource_name_idx" ON "findings"("cluster_id", "resource_kind", "resource_name");

-- CreateIndex
CREATE INDEX "findings_first_seen_scan_id_idx" ON "findings"("first_seen_scan_id");

-- CreateIndex
CREATE INDEX "findings_last_seen_scan_id_idx" ON "findings"("last_seen_scan_id");

-- CreateIndex
CREATE INDEX "findings_resolved_scan_id_idx" ON "findings"("resolved_scan_id");

-- CreateIndex
CREATE INDEX "findings_manifest_hash_idx" ON "findings"("manifest_hash");

-- CreateIndex
CREATE UNIQUE INDEX "findings_cluster_id_fingerprint_key" ON "findings"("cluster_id", "fingerprint");

-- CreateIndex
CREATE INDEX "finding_events_scan_id_idx" ON "finding_events"("scan_id");

-- CreateIndex
CREATE INDEX "finding_events_finding_id_at_idx" ON "finding_events"("finding_id", "at");

-- CreateIndex
CREATE INDEX "finding_events_cluster_id_at_idx" ON "finding_events"("cluster_id", "at");

-- CreateIndex
CREATE INDEX "resource_documents_cluster_id_kind_namespace_name_idx" ON "resource_documents"("cluster_id", "kind", "namespace", "name");

-- CreateIndex
CREATE INDEX "scan_section_aggregates_cluster_id_section_scanned_at_idx" ON "scan_section_aggregates"("cluster_id", "section", "scanned_at");

-- CreateIndex
CREATE INDEX "scan_section_aggregates_scanned_at_idx" ON "scan_section_aggregates"("scanned_at");

-- CreateIndex
CREATE UNIQUE INDEX "scan_section_aggregates_scan_id_section_key" ON "scan_section_aggregates"("scan_id", "section");

-- CreateIndex
CREATE INDEX "scan_check_aggregates_cluster_id_check_id_scanned_at_idx" ON "scan_check_aggregates"("cluster_id", "check_id", "scanned_at");

-- CreateIndex
CREATE INDEX "scan_check_aggregates_check_id_scanned_at_idx" ON "scan_check_aggregates"("check_id", "scanned_at");

-- CreateIndex
CREATE UNIQUE INDEX "scan_check_aggregates_scan_id_check_id_key" ON "scan_check_aggregates"("scan_id", "check_id");

-- CreateIndex
CREATE UNIQUE INDEX "scan_artifacts_scan_id_kind_key" ON "scan_artifacts"("scan_id", "kind");

-- CreateIndex
CREATE INDEX "risk_exceptions_cluster_id_check_id_idx" ON "risk_exceptions"("cluster_id", "check_id");

-- CreateIndex
CREATE INDEX "risk_exceptions_expires_at_idx" ON "risk_exceptions"("expires_at");

-- CreateIndex
CREATE INDEX "risk_exceptions_finding_id_idx" ON "risk_exceptions"("finding_id");

-- CreateIndex
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at" DESC);

-- CreateIndex
CREATE INDEX "audit_events_action_at_idx" ON "audit_events"("action", "at");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_at_idx" ON "audit_events"("actor_id", "at");

-- CreateIndex
CREATE INDEX "audit_events_target_type_target_id_idx" ON "audit_events"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_webhook_id_created_at_idx" ON "webhook_deliveries"("webhook_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_created_at_idx" ON "webhook_deliveries"("status", "created_at");

-- CreateIndex
CREATE INDEX "reports_created_at_idx" ON "reports"("created_at" DESC);

-- CreateIndex
CREATE INDEX "reports_created_by_id_created_at_idx" ON "reports"("created_by_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "reports_status_idx" ON "reports"("status");

-- CreateIndex
CREATE INDEX "reports_expires_at_idx" ON "reports"("expires_at");

-- CreateIndex
CREATE INDEX "reports_schedule_id_idx" ON "reports"("schedule_id");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scans" ADD CONSTRAINT "scans_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scans" ADD CONSTRAINT "scans_triggered_by_id_fkey" FOREIGN KEY ("triggered_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_manifest_hash_fkey" FOREIGN KEY ("manifest_hash") REFERENCES "resource_documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_first_seen_scan_id_fkey" FOREIGN KEY ("first_seen_scan_id") REFERENCES "scans"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_last_seen_scan_id_fkey" FOREIGN KEY ("last_seen_scan_id") REFERENCES "scans"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_resolved_scan_id_fkey" FOREIGN KEY ("resolved_scan_id") REFERENCES "scans"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resource_documents" ADD CONSTRAINT "resource_documents_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_section_aggregates" ADD CONSTRAINT "scan_section_aggregates_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_section_aggregates" ADD CONSTRAINT "scan_section_aggregates_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_check_aggregates" ADD CONSTRAINT "scan_check_aggregates_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_check_aggregates" ADD CONSTRAINT "scan_check_aggregates_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_artifacts" ADD CONSTRAINT "scan_artifacts_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_exceptions" ADD CONSTRAINT "risk_exceptions_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_exceptions" ADD CONSTRAINT "risk_exceptions_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_exceptions" ADD CONSTRAINT "risk_exceptions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_exceptions" ADD CONSTRAINT "risk_exceptions_revoked_by_id_fkey" FOREIGN KEY ("revoked_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "report_schedules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "settings" ADD CONSTRAINT "settings_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
