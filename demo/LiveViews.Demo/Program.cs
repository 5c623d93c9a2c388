using LiveViews.Demo;

var app = DemoApp.Build(args);
app.Run();
