namespace FastCms.Auth;

internal sealed record RegisterRequest(string? Email, string? Password, string? PasswordConfirm, string? Name);

internal sealed record LoginRequest(string? Email, string? Password);

internal sealed record RefreshRequest(string? RefreshToken);

internal sealed record UpdateMeRequest(string? Name, string? Email, string? Password);

internal sealed record ChangePasswordRequest(string? OldPassword, string? NewPassword, string? NewPasswordConfirm);
