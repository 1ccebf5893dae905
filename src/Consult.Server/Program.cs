using Consult.Server.Api;
using Consult.Server.ApiReference;
using Consult.Server.Auth;
using Consult.Server.Hosting;
using Consult.Server.Notifications;
using Consult.Server.Realtime;
using Consult.Server.Records;
using Consult.Server.Telemetry;
using Consult.Server.Ui;

var builder = WebApplication.CreateBuilder(args);

builder.AddConsultOptions();
builder.AddConsultGcLatency();
builder.AddConsultNativeHeapTrim();
builder.AddConsultOrleans();
builder.AddConsultAuth();
builder.AddConsultApi();
builder.AddConsultApiReference();
builder.AddConsultRecords();
builder.AddConsultNotifications();
builder.AddConsultRealtime();
builder.AddConsultUi();
builder.AddConsultSeeding();
builder.AddConsultHealth();
builder.AddConsultTelemetry();

var app = builder.Build();

app.UseConsultLocalization();
app.UseConsultApi();
app.MapConsultApi();
app.MapConsultApiReference();
app.UseConsultRecords();
app.MapConsultRealtime();
app.MapConsultUi();
app.MapConsultHealth();
app.MapConsultTelemetry();
app.MapConsultDiagnostics();
app.LogStartupBanner();

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
