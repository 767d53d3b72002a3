using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Apis;

/// <summary>The rules for a branch: its code is a queue code's shape, its time zone an IANA name as a queue's is.</summary>
internal static class BranchValidation
{
    public static BranchSettings? Check(string? code, BranchRequest request, ValidationErrors errors)
    {
        if (!QueueValidation.IsCode(code))
        {
            errors.Add("code", "The code is required: 1 to 16 characters of A-Z, 0-9, '_' and '-'.");
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(char.IsControl))
        {
            errors.Add("name", "The name is required: 1 to 100 characters, no control characters.");
        }

        // Required, unlike a queue's: an office is somewhere, and a silent UTC would shift its day.
        var zone = request.TimeZone?.Trim();
        if (string.IsNullOrEmpty(zone) || zone.Length > 64 || !QueueValidation.IsTimeZone(zone))
        {
            errors.Add("timeZone", "The time zone is required: an IANA name such as Europe/Lisbon.");
        }

        var region = string.IsNullOrWhiteSpace(request.Region) ? null : QueueValidation.NormalizeCode(request.Region);
        if (region is not null && !QueueValidation.IsCode(region))
        {
            errors.Add("region", "A region code is 1 to 16 characters of A-Z, 0-9, '_' and '-'.");
        }

        return errors.IsValid ? new BranchSettings(code!, name!, zone!, request.Open ?? true, region) : null;
    }
}
