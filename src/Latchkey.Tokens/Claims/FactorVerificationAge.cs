namespace Latchkey.Tokens;

/// <summary>
/// The <c>fva</c> claim (protocol §3.2): minutes since the last first-factor and second-factor
/// verification; -1 means the factor is not enabled or was never verified.
/// </summary>
/// <param name="FirstFactorMinutes">Minutes since the first factor was verified, or -1.</param>
/// <param name="SecondFactorMinutes">Minutes since the second factor was verified, or -1.</param>
public readonly record struct FactorVerificationAge(int FirstFactorMinutes, int SecondFactorMinutes);
