using Latchkey.Bench.Server;

// Companion tool of bench/run-server-bench.sh (see docs/benchmarks.md):
//   seed      --sessions N --sample M --out FILE -- <server arguments>
//             creates N signed-in clients (user, email address, client, session) through the
//             server's own storage layer, in bulk, and writes M of them (token, session, user)
//             spread over the whole set to FILE for wrk.
//   sign-rate --seconds S --rounds R
//             raw RSA-2048 SHA-256 PKCS#1 signatures per second on this thread (the reference).
//   check     --url URL --clients FILE --count N --origin ORIGIN --issuer ISSUER
//             mints tokens for a sample of FILE and verifies them, plus refusals; exit 1 if wrong.
var command = args.Length > 0 ? args[0] : "";
var options = BenchArguments.Parse(args.Length > 0 ? args[1..] : []);
try
{
    return command switch
    {
        "seed" => await Seeder.RunAsync(options),
        "sign-rate" => SignRate.Run(options),
        "check" => await MintCheck.RunAsync(options),
        _ => Usage(),
    };
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync("server-bench: " + e.Message);
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Latchkey.Bench.Server seed|sign-rate|check [--name value ...] [-- server arguments]");
    return 2;
}
