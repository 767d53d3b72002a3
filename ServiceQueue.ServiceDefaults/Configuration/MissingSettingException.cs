namespace ServiceQueue.ServiceDefaults.Configuration;

/// <summary>A required setting is absent or empty.</summary>
public sealed class MissingSettingException : SettingException
{
    public MissingSettingException(string key, string description)
        : base(SettingKey.ToEnvironmentForm(key), description,
            $"missing required setting {SettingKey.ToEnvironmentForm(key)} ({description})")
    {
    }
}
