using Consult.Server.Api;
using Consult.Server.Auth;
using Consult.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddConsultOptions();
builder.AddConsultOrleans();
builder.AddConsultAuth();
builder.AddConsultApi();
builder.AddConsultSeeding();

var app = builder.Build();

app.UseConsultApi();
app.MapConsultApi();
app.LogStartupBanner();

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
