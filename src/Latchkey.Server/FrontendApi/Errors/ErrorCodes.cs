namespace Latchkey.Server.FrontendApi.Errors;

/// <summary>Every error code the Frontend API answers with (snake_case; Clerk's names where Clerk has one).</summary>
internal static class ErrorCodes
{
    public const string FormParamMissing = "form_param_missing";
    public const string FormParamFormatInvalid = "form_param_format_invalid";
    public const string FormParamValueInvalid = "form_param_value_invalid";
    public const string FormParamExceedsAllowedSize = "form_param_exceeds_allowed_size";
    public const string FormPasswordLengthTooShort = "form_password_length_too_short";
    public const string FormPasswordLengthTooLong = "form_password_length_too_long";
    public const string FormPasswordIncorrect = "form_password_incorrect";
    public const string FormIdentifierExists = "form_identifier_exists";
    public const string FormCodeIncorrect = "form_code_incorrect";
    public const string VerificationExpired = "verification_expired";
    public const string VerificationFailed = "verification_failed";
    public const string VerificationNotPrepared = "verification_not_prepared";
    public const string StrategyNotAllowed = "strategy_for_user_invalid";
    public const string RequestBodyInvalid = "request_body_invalid";
    public const string RequestBodyTooLarge = "request_body_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string MethodOverrideInvalid = "method_override_invalid";
    public const string ResourceNotFound = "resource_not_found";
    public const string ClientNotFound = "client_not_found";
    public const string SessionNotFound = "session_not_found";
    public const string SignInNotFound = "sign_in_not_found";
    public const string SignUpNotFound = "sign_up_not_found";
    public const string SignInAlreadyComplete = "sign_in_already_complete";
    public const string SignUpAlreadyComplete = "sign_up_already_complete";
    public const string SessionEnded = "session_ended";
    public const string SessionRemoved = "session_removed";
    public const string SessionRevoked = "session_revoked";
    public const string SessionExpired = "session_expired";
    public const string UserBanned = "user_banned";
    public const string UserLocked = "user_locked";
    public const string TemplateNotFound = "template_not_found";
    public const string DevBrowserUnauthenticated = "dev_browser_unauthenticated";
    public const string DevBrowserNotAllowed = "dev_browser_not_allowed";
    public const string OriginInvalid = "origin_invalid";

    /// <summary>Hosted pages: a form post without this browser's CSRF token (or from another origin).</summary>
    public const string CsrfTokenInvalid = "csrf_token_invalid";
    public const string TooManyRequests = "too_many_requests";
    public const string RedirectUrlInvalid = "redirect_url_invalid";
    public const string NonceInvalid = "handshake_nonce_invalid";
    public const string HandshakeFormatUnsupported = "handshake_format_unsupported";
    public const string SecretKeyInvalid = "clerk_key_invalid";
    public const string EmailDeliveryFailed = "email_delivery_failed";
    public const string AuthenticationInvalid = "authentication_invalid";
    public const string Conflict = "conflict";
    public const string FormParamUnknown = "form_param_unknown";
    public const string ApiVersionInvalid = "api_version_invalid";
    public const string IncorrectPassword = "incorrect_password";
    public const string PasswordNotSet = "password_not_set";
    public const string SigningKeyRotationInProgress = "signing_key_rotation_in_progress";
    public const string LastSecretKey = "last_secret_key";
    public const string SecretKeyNotFound = "secret_key_not_found";
    public const string InternalError = "internal_clerk_error";
    public const string ServiceUnavailable = "service_unavailable";
}
