using Consult.Notifications;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Consult.Server.Notifications;

/// <summary>E-mail over SMTP with MailKit: one message per address, the Chinese subject and text as UTF-8.</summary>
public static class EmailChannel
{
    public static MimeMessage Message(SmtpOptions options, NotificationMessage message)
    {
        var mail = new MimeMessage { Subject = message.Subject, Body = new TextPart("plain") { Text = message.Text } };
        mail.From.Add(new MailboxAddress(options.FromName, options.From));
        mail.To.Add(MailboxAddress.Parse(message.Target));
        mail.Headers.Add("X-Consult-Notification", message.Id);
        return mail;
    }

    public static async Task Send(SmtpOptions options, NotificationMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(options.Host ?? throw new InvalidOperationException("No SMTP host is configured."), options.Port, Security(options.Security), cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName))
            await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
        await client.SendAsync(Message(options, message), cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    public static SecureSocketOptions Security(string value) => value.ToUpperInvariant() switch
    {
        "NONE" => SecureSocketOptions.None,
        "STARTTLS" => SecureSocketOptions.StartTls,
        "SSLONCONNECT" or "SSL" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
