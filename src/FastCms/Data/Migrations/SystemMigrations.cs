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
        new("0010_realtime_events", d => $"""
            CREATE TABLE _realtime_events (
                id TEXT PRIMARY KEY,
                payload TEXT NOT NULL,
                created {d.TimestampType} NOT NULL
            );
            CREATE INDEX ix_realtime_events_created ON _realtime_events (created);
            """),
    ];
}
