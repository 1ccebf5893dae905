using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Consult.Storage;

public static class SqliteReminderTableExtensions
{
    /// <summary>Durable reminders in the SQLite file at <paramref name="databasePath"/> (the grain storage's file).</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder silo, string databasePath)
    {
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(sp => new SqliteReminderTable(databasePath, sp.GetRequiredService<ILogger<SqliteReminderTable>>()));
        return silo;
    }
}
