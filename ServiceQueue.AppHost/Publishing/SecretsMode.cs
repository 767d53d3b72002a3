namespace ServiceQueue.AppHost.Publishing;

public enum SecretsMode
{
    /// <summary>Random values written at publish time to <c>secrets.env</c> in each overlay (git-ignored), read by a kustomize secretGenerator.</summary>
    Generate,

    /// <summary>Nothing secret is written: an external store (External Secrets, Sealed Secrets, kubectl) provides the Secret.</summary>
    External,
}
