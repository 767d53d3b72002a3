namespace ServiceQueue.ServiceDefaults.Configuration;

/// <summary>A setting is present but its value cannot be used.</summary>
public sealed class InvalidSettingException : SettingException
{
    public InvalidSettingException(string key, string description)
        : base(SettingKey.ToEnvironmentForm(key), description,
            $"invalid setting {SettingKey.ToEnvironmentForm(key)} ({description})")
    {
    }
}
