namespace Consult.Metrics.Index;

/// <summary>
/// The metrics index's tables. The running counts (<c>agg_*</c>) are kept by triggers on the case
/// and task rows, so they can never disagree with them: a case's change is its old row deleted and
/// its new row inserted. Times are UTC ticks, hours are ticks / <see cref="TimeSpan.TicksPerHour"/>,
/// days are <see cref="DateOnly.DayNumber"/>.
/// </summary>
internal static class MetricsIndexSchema
{
    public static string Setup(int version) => $$"""
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        PRAGMA busy_timeout = 5000;
        CREATE TABLE IF NOT EXISTS shard (
            grain_id TEXT    PRIMARY KEY,
            month    INTEGER NOT NULL,
            etag     INTEGER NOT NULL,
            shard    BLOB
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS metric_case (
            case_id           TEXT    PRIMARY KEY,
            grain_id          TEXT    NOT NULL,
            month             INTEGER NOT NULL,
            number            TEXT    NOT NULL,
            matter            TEXT    NOT NULL,
            status            INTEGER NOT NULL,
            registered_at     INTEGER NOT NULL,
            registered_offset INTEGER NOT NULL,
            due               INTEGER,
            concluded_at      INTEGER,
            concluded_offset  INTEGER,
            statutory         INTEGER NOT NULL, -- 1 concluded in time, 2 late, 0 neither
            open_due          INTEGER,          -- the due day while open (not concluded, not withdrawn)
            supplements       INTEGER NOT NULL
        ) WITHOUT ROWID;
        -- Covering what the cut hours are counted by: a count never looks a case row up.
        CREATE INDEX IF NOT EXISTS metric_case_registered ON metric_case (registered_at, month, matter, supplements);
        CREATE INDEX IF NOT EXISTS metric_case_concluded ON metric_case (concluded_at, month, matter, statutory) WHERE statutory > 0;
        CREATE INDEX IF NOT EXISTS metric_case_supplements ON metric_case (registered_at, month, matter) WHERE supplements > 0;
        CREATE INDEX IF NOT EXISTS metric_case_open ON metric_case (open_due, month) WHERE open_due IS NOT NULL;
        CREATE INDEX IF NOT EXISTS metric_case_number ON metric_case (number, month);
        CREATE INDEX IF NOT EXISTS metric_case_grain ON metric_case (grain_id);
        CREATE TABLE IF NOT EXISTS metric_task (
            case_id    TEXT    NOT NULL,
            ordinal    INTEGER NOT NULL,
            task_id    INTEGER NOT NULL,
            month      INTEGER NOT NULL,
            matter     TEXT    NOT NULL,
            department TEXT    NOT NULL,
            due        INTEGER NOT NULL,
            PRIMARY KEY (case_id, ordinal)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS metric_task_due ON metric_task (due, month);
        CREATE TABLE IF NOT EXISTS agg_received (
            month INTEGER NOT NULL, hour INTEGER NOT NULL, matter TEXT NOT NULL,
            n INTEGER NOT NULL, supp_cases INTEGER NOT NULL, supp_sum INTEGER NOT NULL,
            PRIMARY KEY (month, hour, matter)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS agg_concluded (
            month INTEGER NOT NULL, hour INTEGER NOT NULL, matter TEXT NOT NULL, statutory INTEGER NOT NULL, n INTEGER NOT NULL,
            PRIMARY KEY (month, hour, matter, statutory)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS agg_open (
            month INTEGER NOT NULL, due INTEGER NOT NULL, matter TEXT NOT NULL, n INTEGER NOT NULL,
            PRIMARY KEY (month, due, matter)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS agg_task (
            month INTEGER NOT NULL, due INTEGER NOT NULL, matter TEXT NOT NULL, department TEXT NOT NULL, n INTEGER NOT NULL,
            PRIMARY KEY (month, due, matter, department)) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS metric_case_in AFTER INSERT ON metric_case BEGIN
            INSERT INTO agg_received VALUES (NEW.month, NEW.registered_at / {{TimeSpan.TicksPerHour}}, NEW.matter, 1, NEW.supplements > 0, NEW.supplements)
                ON CONFLICT DO UPDATE SET n = n + 1, supp_cases = supp_cases + excluded.supp_cases, supp_sum = supp_sum + excluded.supp_sum;
            INSERT INTO agg_concluded SELECT NEW.month, NEW.concluded_at / {{TimeSpan.TicksPerHour}}, NEW.matter, NEW.statutory, 1 WHERE NEW.statutory > 0
                ON CONFLICT DO UPDATE SET n = n + 1;
            INSERT INTO agg_open SELECT NEW.month, NEW.open_due, NEW.matter, 1 WHERE NEW.open_due IS NOT NULL
                ON CONFLICT DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER IF NOT EXISTS metric_case_out AFTER DELETE ON metric_case BEGIN
            UPDATE agg_received SET n = n - 1, supp_cases = supp_cases - (OLD.supplements > 0), supp_sum = supp_sum - OLD.supplements
                WHERE month = OLD.month AND hour = OLD.registered_at / {{TimeSpan.TicksPerHour}} AND matter = OLD.matter;
            UPDATE agg_concluded SET n = n - 1
                WHERE OLD.statutory > 0 AND month = OLD.month AND hour = OLD.concluded_at / {{TimeSpan.TicksPerHour}} AND matter = OLD.matter AND statutory = OLD.statutory;
            UPDATE agg_open SET n = n - 1 WHERE month = OLD.month AND due = OLD.open_due AND matter = OLD.matter;
            DELETE FROM metric_task WHERE case_id = OLD.case_id;
        END;
        CREATE TRIGGER IF NOT EXISTS metric_task_in AFTER INSERT ON metric_task BEGIN
            INSERT INTO agg_task VALUES (NEW.month, NEW.due, NEW.matter, NEW.department, 1) ON CONFLICT DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER IF NOT EXISTS metric_task_out AFTER DELETE ON metric_task BEGIN
            UPDATE agg_task SET n = n - 1 WHERE month = OLD.month AND due = OLD.due AND matter = OLD.matter AND department = OLD.department;
        END;
        PRAGMA user_version = {{version}};
        """;
}
