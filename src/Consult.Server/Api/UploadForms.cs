namespace Consult.Server.Api;

// Multipart bodies as the OpenAPI document describes them. The handlers read the form themselves,
// so each file is checked (size, type, count) before anything is stored.

/// <summary><c>POST /cases/{caseId}/materials</c>: exactly one file, and the material's name (default: the file's name).</summary>
public sealed record MaterialUploadForm(IFormFile File, string? Name = null);

/// <summary><c>POST /cases/{caseId}/tasks/{taskId}/done</c> as multipart: a note and at most one file (a photo of the work done).</summary>
public sealed record TaskDoneForm(string? Note = null, IFormFile? File = null);

/// <summary><c>POST /track/{token}/materials</c>: 1 to 10 files, and a <c>name</c> for every file in the files' order, or none.</summary>
public sealed record SupplementForm(IFormFileCollection Files, IReadOnlyList<string>? Name = null);
