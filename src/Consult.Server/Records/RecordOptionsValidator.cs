using Microsoft.Extensions.Options;

namespace Consult.Server.Records;

/// <summary>A configured record font must exist and be a TrueType font: otherwise the server does not start.</summary>
public sealed class RecordOptionsValidator : IValidateOptions<RecordOptions>
{
    public ValidateOptionsResult Validate(string? name, RecordOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.FontPath))
            return ValidateOptionsResult.Success;
        if (!File.Exists(options.FontPath))
            return ValidateOptionsResult.Fail($"{RecordOptions.Section}:FontPath: no file at '{options.FontPath}'.");
        return TrueTypeFont.Read(options.FontPath, out var problem) is null
            ? ValidateOptionsResult.Fail($"{RecordOptions.Section}:FontPath: {problem}")
            : ValidateOptionsResult.Success;
    }
}
