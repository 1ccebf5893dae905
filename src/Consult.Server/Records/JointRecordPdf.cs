using System.Globalization;
using Consult.Records;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Consult.Server.Records;

/// <summary>
/// The joint record as a PDF in Chinese (the embedded, subset CJK font of <see cref="RecordFont"/>):
/// the case, every seat's decisions, the materials, the joint outcome and statement, and the
/// record's SHA-256 with a QR code of the page that verifies it. Made from the kept record alone.
/// </summary>
public sealed class JointRecordPdf(RecordFont font)
{
    public byte[] Render(SealedRecord sealedRecord, string verifyUrl)
    {
        if (font.Path is null)
            throw new Consult.Common.ConsultException(Consult.Common.ErrorCodes.Unavailable, RecordFont.Missing);
        var record = JointRecordHash.Read(sealedRecord);
        var labels = RecordLabels.Chinese;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(record.TimeZone);
        string At(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var title = new XFont(font.FamilyName, 18, XFontStyleEx.Bold, options);
        var heading = new XFont(font.FamilyName, 12.5, XFontStyleEx.Bold, options);
        var body = new XFont(font.FamilyName, 10.5, XFontStyleEx.Regular, options);
        var small = new XFont(font.FamilyName, 8, XFontStyleEx.Regular, options);

        using var document = new PdfDocument();
        document.Info.Title = $"{labels["Record_Title"]} {record.CaseNumber}";
        document.Info.Subject = sealedRecord.Sha256;
        document.Info.CreationDate = record.ClosedAt.UtcDateTime;
        using (var pager = new PdfPager(document, small, page => $"{labels["Record_Title"]} {record.CaseNumber} · SHA-256 {sealedRecord.Sha256} · {string.Format(labels.Culture, labels["Record_Page"], page)}"))
        {
            pager.Text(labels["Record_Title"], title, centred: true);
            pager.Gap(8);
            void Field(string key, string value) => pager.Text($"{labels[key]}：{value}", body);
            Field("Record_CaseNumber", record.CaseNumber);
            Field("Record_Matter", record.Matter.Name.Zh);
            if (record.Matter.LegalBasis is { Length: > 0 } basis)
                Field("Record_LegalBasis", basis);
            Field("Record_Applicant", record.Applicant.Organization is { Length: > 0 } organization ? $"{record.Applicant.Name}（{organization}）" : record.Applicant.Name);
            string Person(string userName, string? name) => Ui.People.Name(userName, name, labels["Person_System"]);
            Field("Record_Convener", Person(record.Convener, record.ConvenerName));
            Field("Record_Rule", labels.Rule(record.Rule));
            if (record.ScheduledAt is { } scheduled)
                Field("Record_ScheduledAt", At(scheduled));
            Field("Record_OpenedAt", At(record.OpenedAt));
            Field("Record_Deadline", At(record.Deadline));
            Field("Record_ClosedAt", $"{At(record.ClosedAt)}（{labels["Record_ClosedBy"]} {Person(record.ClosedBy, record.ClosedByName)}）");
            pager.Text(string.Format(labels.Culture, labels["Record_TimeZone"], record.TimeZone), small, brush: XBrushes.Gray);
            foreach (var extension in record.DeadlineExtensions)
                Field("Record_Extension", $"{At(extension.Previous)} → {At(extension.Deadline)}，{extension.Reason}（{Person(extension.By, extension.ByName)}，{At(extension.At)}）");

            pager.Rule();
            pager.Text(labels["Record_Seats"], heading);
            var number = 0;
            foreach (var seat in record.Seats)
            {
                pager.Gap(4);
                var outcome = seat.Decision is { } standing ? labels.Outcome(standing.Outcome) : labels["Record_Undecided"];
                pager.Text($"{++number}. {seat.Name.Zh}（{labels.Role(seat.Role)}）：{outcome}", body);
                if (seat.Decision is not { } decision)
                    continue;
                if (decision.Comment is { Length: > 0 } reason)
                    pager.Text($"{labels["Record_Reason"]}：{reason}", body, 16);
                for (var c = 0; c < decision.Conditions.Length; c++)
                    pager.Text($"{labels["Record_Condition"]} {c + 1}：{decision.Conditions[c]}", body, 16);
                var onBehalf = decision.OnBehalf ? labels["Record_OnBehalf"] : "";
                pager.Text($"{labels["Record_DecidedBy"]}：{Person(decision.DecidedBy, decision.DecidedByName)}，{At(decision.DecidedAt)}{onBehalf}", body, 16);
                if (seat.Revisions.Length > 1)
                {
                    pager.Text($"{labels["Record_Revisions"]}：", body, 16);
                    foreach (var revision in seat.Revisions)
                    {
                        var conditions = revision.Conditions.IsDefaultOrEmpty ? "" : $"；{labels["Record_Condition"]}：{string.Join("；", revision.Conditions)}";
                        var why = revision.Comment is { Length: > 0 } comment ? $"；{labels["Record_Reason"]}：{comment}" : "";
                        var behalf = revision.OnBehalf ? labels["Record_OnBehalf"] : "";
                        pager.Text($"#{revision.Revision} {labels.Outcome(revision.Outcome)}{why}{conditions}（{Person(revision.DecidedBy, revision.DecidedByName)}，{At(revision.DecidedAt)}{behalf}）", small, 32);
                    }
                }
            }

            // Records kept before format 4 did not count the call: they say nothing of it rather than "nobody".
            if (record.Format >= 4)
                CallParticipants(pager, labels, record, At, Person, heading, body);

            pager.Rule();
            pager.Text(labels["Record_Materials"], heading);
            if (record.Materials.IsDefaultOrEmpty)
                pager.Text(labels["Record_NoMaterials"], body, 16);
            foreach (var material in record.Materials)
            {
                pager.Text($"{material.Name} {string.Format(labels.Culture, labels["Materials_Version"], material.Version)}（{material.FileName ?? material.Name}，{material.Size:N0} B，{At(material.UploadedAt)}）", body, 16);
                pager.Text($"SHA-256 {material.Sha256}", small, 32, XBrushes.DimGray);
            }

            pager.Rule();
            pager.Text($"{labels["Record_Outcome"]}：{labels.Joint(record.JointOutcome)}", heading);
            pager.Text($"{labels["Record_Statement"]}：", body);
            pager.Text(record.Statement, body, 16);

            pager.Rule();
            Verification(pager, labels, sealedRecord.Sha256, verifyUrl, body, small);
        }

        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    /// <summary>The hash, the address that verifies it, and the same address as a QR code beside them.</summary>
    private static void Verification(PdfPager pager, RecordLabels labels, string sha256, string verifyUrl, XFont body, XFont small)
    {
        const double QrSize = 96;
        pager.Space(QrSize);
        var top = pager.Y;
        using (var generator = new QRCodeGenerator())
        using (var code = generator.CreateQrCode(verifyUrl, QRCodeGenerator.ECCLevel.M))
        {
            var modules = code.ModuleMatrix;
            var module = QrSize / modules.Count;
            var left = PdfPager.Margin + pager.Width - QrSize;
            for (var row = 0; row < modules.Count; row++)
            {
                for (var column = 0; column < modules[row].Length; column++)
                {
                    if (modules[row][column])
                        pager.Graphics.DrawRectangle(XBrushes.Black, left + (column * module), top + (row * module), module + 0.05, module + 0.05);
                }
            }
        }

        var textWidth = pager.Width - QrSize - 12;
        foreach (var line in pager.Wrap($"{labels["Record_Hash"]}：{sha256}", small, textWidth))
            Line(pager, line, small);
        pager.Gap(4);
        foreach (var line in pager.Wrap(string.Format(labels.Culture, labels["Record_Verify"], verifyUrl), body, textWidth))
            Line(pager, line, body);
        pager.Gap(Math.Max(0, top + QrSize - pager.Y));
    }

    /// <summary>Who took part by video, for how long, how often they joined, and between which times.</summary>
    private static void CallParticipants(PdfPager pager, RecordLabels labels, JointRecord record, Func<DateTimeOffset, string> at, Func<string, string?, string> person, XFont heading, XFont body)
    {
        pager.Rule();
        pager.Text(labels["Record_Call"], heading);
        if (record.CallParticipants.IsDefaultOrEmpty)
            pager.Text(labels["Record_NoCall"], body, 16);
        foreach (var part in record.CallParticipants.IsDefault ? [] : record.CallParticipants)
        {
            var who = part.Department is { } code
                ? $"{person(part.UserName, part.Name)}（{record.Seats.FirstOrDefault(s => s.Department == code)?.Name.Zh ?? code}）"
                : person(part.UserName, part.Name);
            pager.Text(string.Format(labels.Culture, labels["Record_CallLine"], who, labels.Duration(part.Seconds), part.Joins, at(part.FirstJoinedAt), at(part.LastLeftAt)), body, 16);
        }
    }

    private static void Line(PdfPager pager, string text, XFont font)
    {
        pager.Graphics.DrawString(text, font, XBrushes.Black, new XPoint(PdfPager.Margin, pager.Y), XStringFormats.TopLeft);
        pager.Gap(font.Size * 1.45);
    }
}
