using Latchkey.Server.Hosting;

// `dotnet run --project src/Latchkey.Server` starts a development instance on
// http://127.0.0.1:5100; `-- migrate` applies the database migrations and exits.
return await LatchkeyServerHost.RunAsync(args);
