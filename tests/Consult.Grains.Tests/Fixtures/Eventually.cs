namespace Consult.Grains.Tests.Fixtures;

/// <summary>Waits for what an outbox delivers after the command that owes it has answered.</summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await read();
            if (condition(value))
                return value;
            Assert.True(DateTime.UtcNow < giveUp, $"Not within {Patience}: {what}.");
            await Task.Delay(100);
        }
    }
}
