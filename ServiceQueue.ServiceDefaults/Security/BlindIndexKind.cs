namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>What a blind-indexed value is: it decides the normalisation and separates the index domains.</summary>
public enum BlindIndexKind
{
    /// <summary>Trimmed, NFKC, lower case: <c>" Ana@Example.COM "</c> and <c>"ana@example.com"</c> match.</summary>
    Email,

    /// <summary>Digits only: <c>"+55 (11) 99999-0000"</c> and <c>"5511999990000"</c> match.</summary>
    Phone,

    /// <summary>NFKC, upper case, letters and digits only: <c>"123.456.789-09"</c> and <c>"12345678909"</c> match.</summary>
    Document,
}
