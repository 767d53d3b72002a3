using System.Text;
using Microsoft.Extensions.Options;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Tests.Security;

public sealed class FieldEncryptorTests
{
    private const string Context = "users/42/email";

    [Fact]
    public void A_value_decrypts_to_itself_with_the_same_associated_data()
    {
        var encryptor = EncryptorWith("k1", ("k1", TestKeys.New()));

        var sealedValue = encryptor.Encrypt("Ana Lima <ana@example.com> 🎫", Context);

        Assert.Equal("Ana Lima <ana@example.com> 🎫", encryptor.DecryptString(sealedValue, Context));
        Assert.DoesNotContain("ana@example.com", Encoding.UTF8.GetString(sealedValue), StringComparison.Ordinal);
    }

    [Fact]
    public void The_envelope_is_version_key_id_nonce_ciphertext_and_tag()
    {
        var encryptor = EncryptorWith("key-7", ("key-7", TestKeys.New()));
        var plaintext = Encoding.UTF8.GetBytes("hello");

        var envelope = encryptor.Encrypt(plaintext, Encoding.UTF8.GetBytes(Context));

        Assert.Equal(1, envelope[0]);
        Assert.Equal(5, envelope[1]);
        Assert.Equal("key-7", Encoding.ASCII.GetString(envelope, 2, 5));
        Assert.Equal(2 + 5 + 12 + plaintext.Length + 16, envelope.Length);
        Assert.Equal("key-7", FieldEncryptor.KeyIdOf(envelope));
    }

    [Fact]
    public void Encrypting_the_same_value_twice_gives_different_ciphertexts()
    {
        var encryptor = EncryptorWith("k1", ("k1", TestKeys.New()));

        Assert.NotEqual(encryptor.Encrypt("same", Context), encryptor.Encrypt("same", Context));
    }

    [Fact]
    public void Changing_any_byte_of_the_envelope_is_refused()
    {
        var encryptor = EncryptorWith("k1", ("k1", TestKeys.New()));
        var envelope = encryptor.Encrypt("ana@example.com", Context);

        for (var i = 0; i < envelope.Length; i++)
        {
            var tampered = (byte[])envelope.Clone();
            tampered[i] ^= 0x01;
            Assert.Throws<FieldDecryptionException>(() => encryptor.DecryptString(tampered, Context));
        }

        Assert.Throws<FieldDecryptionException>(() => encryptor.DecryptString(envelope[..^1], Context));
        Assert.Throws<FieldDecryptionException>(() => encryptor.DecryptString([], Context));
    }

    [Fact]
    public void A_value_moved_to_another_row_or_column_is_refused()
    {
        var encryptor = EncryptorWith("k1", ("k1", TestKeys.New()));
        var envelope = encryptor.Encrypt("ana@example.com", "users/42/email");

        Assert.Throws<FieldDecryptionException>(() => encryptor.DecryptString(envelope, "users/43/email"));
        Assert.Throws<FieldDecryptionException>(() => encryptor.DecryptString(envelope, "users/42/full_name"));
    }

    [Fact]
    public void After_rotation_old_values_still_decrypt_and_new_ones_use_the_new_key()
    {
        var oldKey = TestKeys.New();
        var before = EncryptorWith("k1", ("k1", oldKey));
        var oldValue = before.Encrypt("ana@example.com", Context);

        var after = EncryptorWith("k2", ("k1", oldKey), ("k2", TestKeys.New()));
        var newValue = after.Encrypt("ana@example.com", Context);

        Assert.Equal("ana@example.com", after.DecryptString(oldValue, Context));
        Assert.Equal("k2", FieldEncryptor.KeyIdOf(newValue));
        Assert.True(after.NeedsReencryption(oldValue));
        Assert.False(after.NeedsReencryption(newValue));
        Assert.Equal("ana@example.com", after.DecryptString(newValue, Context));
    }

    [Fact]
    public void A_value_sealed_with_a_key_no_longer_listed_names_that_key()
    {
        var oldValue = EncryptorWith("k1", ("k1", TestKeys.New())).Encrypt("x", Context);
        var withoutOldKey = EncryptorWith("k2", ("k2", TestKeys.New()));

        var error = Assert.Throws<FieldDecryptionException>(() => withoutOldKey.DecryptString(oldValue, Context));
        Assert.Contains("'k1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_id_that_is_listed_but_holds_another_key_is_refused()
    {
        var value = EncryptorWith("k1", ("k1", TestKeys.New())).Encrypt("x", Context);

        Assert.Throws<FieldDecryptionException>(() => EncryptorWith("k1", ("k1", TestKeys.New())).DecryptString(value, Context));
    }

    internal static FieldEncryptor EncryptorWith(string activeKeyId, params (string Id, string Key)[] keys) =>
        new(Options.Create(new EncryptionOptions
        {
            ActiveKeyId = activeKeyId,
            Keys = keys.ToDictionary(k => k.Id, k => k.Key),
            BlindIndexKey = TestKeys.New(),
        }));
}
