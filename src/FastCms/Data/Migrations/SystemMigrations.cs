namespace FastCms.Data.Migrations;

/// <summary>The system schema, in order. Append new migrations; never edit one that has shipped.</summary>
internal static class SystemMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new("0001_users_and_tokens", d => $"""
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL,
                name TEXT NOT NULL DEFAULT '',
                role TEXT NOT NULL DEFAULT 'user',
                password_hash TEXT NOT NULL,
                verified {d.BooleanType} NOT NULL DEFAULT {(d.Provider == DatabaseProvider.Sqlite ? "0" : "FALSE")},
                token_version {d.IntegerType} NOT NULL DEFAULT 0,
                created {d.TimestampType} NOT NULL,
                updated {d.TimestampType} NOT NULL
            );
            CREATE UNIQUE INDEX ux_users_email ON users (email);
            CREATE INDEX ix_users_role ON users (role);

            CREATE TABLE _refresh_tokens (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                family_id TEXT NOT NULL,
                token_hash TEXT NOT NULL,
                created {d.TimestampType} NOT NULL,
                expires_at {d.TimestampType} NOT NULL,
                revoked_at {d.TimestampType} NULL,
                replaced_by TEXT NULL,
                user_agent TEXT NULL,
                ip TEXT NULL
            );
            CREATE UNIQUE INDEX ux_refresh_tokens_hash ON _refresh_tokens (token_hash);
            CREATE INDEX ix_refresh_tokens_family ON _refresh_tokens (family_id);
            CREATE INDEX ix_refresh_tokens_user ON _refresh_tokens (user_id);

            CREATE TABLE _settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated {d.TimestampType} NOT NULL
            );
            """),
        new("0002_collections", d => $"""
            CREATE TABLE _collections (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                type TEXT NOT NULL DEFAULT 'base',
                fields TEXT NOT NULL,
                indexes TEXT NOT NULL,
                list_rule TEXT NULL,
                view_rule TEXT NULL,
                create_rule TEXT NULL,
                update_rule TEXT NULL,
                delete_rule TEXT NULL,
                created {d.TimestampType} NOT NULL,
                updated {d.TimestampType} NOT NULL
            );
            CREATE UNIQUE INDEX ux_collections_name ON _collections (lower(name));

            CREATE TABLE _schema_version (
                id INTEGER PRIMARY KEY,
                version {d.IntegerType} NOT NULL
            );
            INSERT INTO _schema_version (id, version) VALUES (1, 1);
            """),
        new("0003_plugin_settings", d => $$"""
            CREATE TABLE plugin_settings (
                plugin_id VARCHAR(128) NOT NULL,
                key VARCHAR(255) NOT NULL,
                value TEXT NOT NULL DEFAULT '{}',
                updated_at {{d.TimestampType}} NOT NULL,
                CONSTRAINT pk_plugin_settings PRIMARY KEY (plugin_id, key)
            );
            """),
        new("0004_data_protection_keys", d => $"""
            CREATE TABLE _data_protection_keys (
                id TEXT PRIMARY KEY,
                xml TEXT NOT NULL,
                created {d.TimestampType} NOT NULL
            );
            """),
        new("0005_plugin_schema", d => $"""
            CREATE TABLE _plugin_schema (
                plugin_id VARCHAR(128) PRIMARY KEY,
                model_key TEXT NOT NULL,
                snapshot TEXT NOT NULL,
                updated {d.TimestampType} NOT NULL
            );

            CREATE TABLE _plugin_migrations (
                plugin_id VARCHAR(128) NOT NULL,
                version {d.IntegerType} NOT NULL,
                description TEXT NOT NULL,
                ran {d.BooleanType} NOT NULL,
                applied_at {d.TimestampType} NOT NULL,
                CONSTRAINT pk_plugin_migrations PRIMARY KEY (plugin_id, version)
            );

            CREATE TABLE _job_runs (
                job_key VARCHAR(300) NOT NULL,
                tick {d.TimestampType} NOT NULL,
                manual {d.BooleanType} NOT NULL,
                instance TEXT NOT NULL,
                started {d.TimestampType} NOT NULL,
                finished {d.TimestampType} NULL,
                status TEXT NOT NULL,
                error TEXT NULL,
                CONSTRAINT pk_job_runs PRIMARY KEY (job_key, tick)
            );
            """),
        new("0006_plugin_states", d => $"""
            CREATE TABLE plugin_states (
                plugin_id VARCHAR(128) PRIMARY KEY,
                enabled {d.BooleanType} NOT NULL,
                updated {d.TimestampType} NOT NULL,
                updated_by TEXT NULL
            );
            """),
        new("0007_admin_sessions", d => $"""
            CREATE TABLE _admin_sessions (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                created {d.TimestampType} NOT NULL,
                last_seen {d.TimestampType} NOT NULL,
                revoked_at {d.TimestampType} NULL
            );
            CREATE INDEX ix_admin_sessions_user ON _admin_sessions (user_id);
            """),
        new("0008_file_cleanup", d => $"""
            CREATE TABLE _file_cleanup (
                id TEXT PRIMARY KEY,
                storage_key TEXT NOT NULL,
                whole_prefix {d.BooleanType} NOT NULL,
                due {d.TimestampType} NOT NULL
            );
            CREATE INDEX ix_file_cleanup_due ON _file_cleanup (due);
            """),
        new("0009_outbox_and_webhooks", d => $"""
            CREATE TABLE _outbox (
                id TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                collection TEXT NOT NULL,
                payload TEXT NOT NULL,
                created {d.TimestampType} NOT NULL,
                dispatched {d.BooleanType} NOT NULL
            );
            CREATE INDEX ix_outbox_dispatch ON _outbox (dispatched, created);

            CREATE TABLE _outbox_deliveries (
                id TEXT PRIMARY KEY,
                event_id TEXT NOT NULL REFERENCES _outbox (id) ON DELETE CASCADE,
                consumer TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts {d.IntegerType} NOT NULL,
                next_attempt {d.TimestampType} NOT NULL,
                locked_until {d.TimestampType} NULL,
                last_attempt {d.TimestampType} NULL,
                response_code {d.IntegerType} NULL,
                latency_ms {d.IntegerType} NULL,
                response_body TEXT NULL,
                error TEXT NULL,
                created {d.TimestampType} NOT NULL
            );
            CREATE UNIQUE INDEX ux_outbox_deliveries_event ON _outbox_deliveries (event_id, consumer);
            CREATE INDEX ix_outbox_deliveries_due ON _outbox_deliveries (status, next_attempt);
            CREATE INDEX ix_outbox_deliveries_consumer ON _outbox_deliveries (consumer, created);

            CREATE TABLE _webhooks (
                id TEXT PRIMARY KEY,
                url TEXT NOT NULL,
                collections TEXT NOT NULL,
                events TEXT NOT NULL,
                enabled {d.BooleanType} NOT NULL,
                secret TEXT NOT NULL,
                previous_secret TEXT NULL,
                previous_secret_until {d.TimestampType} NULL,
                created {d.TimestampType} NOT NULL,
                updated {d.TimestampType} NOT NULL
            );
            """),
        new("0010_realtime_events", d => $"""
            CREATE TABLE _realtime_events (
                id TEXT PRIMARY KEY,
                payload TEXT NOT NULL,
                created {d.TimestampType} NOT NULL
            );
            CREATE INDEX ix_realtime_events_created ON _realtime_events (created);
            """),
        new("0011_webhook_filters", _ => """
            ALTER TABLE _webhooks ADD COLUMN record_filter TEXT NULL;
            """),
        new("0012_outbox_hook_depth", d => $"""
            ALTER TABLE _outbox ADD COLUMN depth {d.IntegerType} NOT NULL DEFAULT 0;
            """),
        // Only open work is looked up by these indexes, so only open rows are in them: an event leaves its index when it is
        // fanned out and a delivery when it is done, instead of moving to another place in it (one B-tree write less each,
        // inside SQLite's single writer). The literal predicates are repeated in the queries so that the planner uses them.
        new("0013_outbox_open_work_indexes", _ => """
            DROP INDEX ix_outbox_dispatch;
            CREATE INDEX ix_outbox_undispatched ON _outbox (created) WHERE dispatched = false;
            DROP INDEX ix_outbox_deliveries_due;
            CREATE INDEX ix_outbox_deliveries_pending ON _outbox_deliveries (next_attempt) WHERE status = 'pending';
            """),
    ];
}
