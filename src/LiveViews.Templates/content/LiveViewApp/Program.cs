using LiveViewApp.Data;
using LiveViewApp.Live;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton<TodoList>();
builder.Services.AddLiveView(options => options.Layout = "/Views/Shared/_Layout.cshtml");

var app = builder.Build();

if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error");

app.MapGet("/", () => Results.Redirect("/counter"));
app.MapGet("/error", () => Results.Problem("Something went wrong."));
app.MapLiveView<CounterView>("/counter");
app.MapLiveView<TodosView>("/todos");

app.Run();
