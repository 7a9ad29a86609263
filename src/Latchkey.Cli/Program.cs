using Latchkey.Cli;
using Latchkey.Cli.Infrastructure;

// The `latchkey` tool. Everything happens in CliApplication so that tests can run the same
// entry point in-process with captured output; this file only binds it to the real console.
return await CliApplication.RunAsync(args, CliContext.ForSystemConsole());
