namespace FastCms.Auth;

public sealed record RegisterRequest(string? Email, string? Password, string? PasswordConfirm, string? Name);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record UpdateMeRequest(string? Name, string? Email, string? Password);

public sealed record ChangePasswordRequest(string? OldPassword, string? NewPassword, string? NewPasswordConfirm);
