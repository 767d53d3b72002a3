using System.Text.RegularExpressions;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Apis;

/// <summary>The rules of a kiosk enrolment (name, branch, queues, language) and of a kiosk's ticket request.</summary>
internal static partial class KioskValidation
{
    public const int MaxName = 100;
    public const int MaxQueues = 50;
    public const int MaxLanguage = 16;
    public const string DefaultLanguage = "en";

    /// <summary>The settings, or null with <paramref name="errors"/> filled; whether the queues exist in the branch is the caller's next check.</summary>
    public static KioskSettings? Check(KioskRequest request, string branch, ValidationErrors errors)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxName || name.Any(char.IsControl))
        {
            errors.Add("name", $"The name is required: 1 to {MaxName} characters, no control characters.");
        }

        var queues = request.Queues?.Select(QueueValidation.NormalizeCode).ToList();
        if (queues is null || queues.Count is 0 or > MaxQueues || queues.Any(code => !QueueValidation.IsCode(code)))
        {
            errors.Add("queues", $"The queues are required: 1 to {MaxQueues} queue codes of the kiosk's branch.");
        }

        var language = string.IsNullOrWhiteSpace(request.Language) ? DefaultLanguage : request.Language.Trim();
        if (language.Length > MaxLanguage || !LanguagePattern().IsMatch(language))
        {
            errors.Add("language", "The language is a language tag such as en, pt-BR or es (2 to 16 characters of A-Z, a-z, 0-9 and '-').");
        }

        return errors.IsValid
            ? new KioskSettings(name!, branch, [.. queues!.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)!], language)
            : null;
    }

    /// <summary>Adds an error for each queue the branch does not have.</summary>
    public static void CheckQueuesExist(KioskSettings settings, IReadOnlySet<string> branchQueues, ValidationErrors errors)
    {
        var missing = settings.Queues.Where(code => !branchQueues.Contains(code)).ToList();
        if (missing.Count > 0)
        {
            errors.Add("queues", $"Branch {settings.Branch} has no queue {string.Join(", ", missing)}.");
        }
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();
}
