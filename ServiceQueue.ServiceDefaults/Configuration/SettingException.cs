namespace ServiceQueue.ServiceDefaults.Configuration;

/// <summary>A setting the service cannot start without is absent or unusable.</summary>
public abstract class SettingException : Exception
{
    protected SettingException(string key, string description, string message)
        : base(message)
    {
        Key = key;
        Description = description;
    }

    /// <summary>The key in environment form (<c>ConnectionStrings__redis</c>), as an operator sets it.</summary>
    public string Key { get; }

    /// <summary>What the setting is for, e.g. "Redis connection string, StackExchange format".</summary>
    public string Description { get; }
}
