using Microsoft.Extensions.Options;

namespace FastCms.Auth;

/// <summary>What makes a password acceptable: a minimum length, letters and digits, not a well-known one.</summary>
internal sealed class PasswordPolicy(IOptions<AuthOptions> options)
{
    public const int MaxLength = 128;

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "password1", "password12", "password123", "passw0rd", "12345678", "123456789", "1234567890",
        "qwerty123", "qwertyuiop", "iloveyou1", "admin123", "administrator", "welcome1", "letmein1", "abc12345",
        "changeme1", "secret123", "football1", "monkey123",
    };

    /// <summary>Returns the reason the password is refused, or <c>null</c> when it is acceptable.</summary>
    public string? Check(string? password)
    {
        var min = options.Value.MinPasswordLength;
        if (string.IsNullOrEmpty(password) || password.Length < min)
        {
            return $"Password must be at least {min} characters long.";
        }

        if (password.Length > MaxLength)
        {
            return $"Password must be at most {MaxLength} characters long.";
        }

        if (!password.Any(char.IsLetter) || !password.Any(c => !char.IsLetter(c)))
        {
            return "Password must contain letters and at least one digit or symbol.";
        }

        return Common.Contains(password) ? "This password is too common; choose another one." : null;
    }
}
