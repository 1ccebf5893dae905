using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Consult.Server.Tests.Fixtures;

/// <summary>An SMTP server in the test process (the SmtpServer package) on a loopback port, keeping every message with its envelope recipients.</summary>
public sealed class SmtpSink : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private SmtpSink(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _ = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public sealed record Mail(IReadOnlyList<string> Recipients, MimeMessage Message);

    public int Port { get; }

    public ConcurrentQueue<Mail> Messages { get; } = new();

    public static SmtpSink Start() => new(FreePorts.Next());

    public async Task<IReadOnlyList<Mail>> WaitFor(Func<IReadOnlyList<Mail>, bool> done, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            IReadOnlyList<Mail> seen = [.. Messages];
            if (done(seen))
                return seen;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"{seen.Count} mails: {string.Join(" | ", seen.Select(m => m.Message.Subject))}");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            sink.Messages.Enqueue(new Mail([.. transaction.To.Select(m => $"{m.User}@{m.Host}")], message));
            return SmtpResponse.Ok;
        }
    }
}
