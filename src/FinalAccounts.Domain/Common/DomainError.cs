namespace FinalAccounts.Domain.Common;

/// <summary>A typed, user-facing validation error. <see cref="Message"/> is Chinese and names what is wrong.</summary>
/// <param name="Code">Stable machine-readable code, e.g. <c>cell.not_a_number</c>.</param>
/// <param name="Message">Message for people, in Chinese.</param>
/// <param name="Target">What the error is about (a template path, a cell address), if anything.</param>
public sealed record DomainError(string Code, string Message, string? Target = null)
{
    /// <summary>What kind of failure this is (the web layer turns it into an HTTP status in one place).</summary>
    public ErrorKind Kind => KindOf(Code);

    public override string ToString() => Target is null ? Message : $"{Target}：{Message}";

    /// <summary>The kind a code stands for, by the codes' conventions (<c>….not_found</c>, <c>….forbidden</c>, <c>auth.…</c>, <c>….conflict</c> …).</summary>
    public static ErrorKind KindOf(string code) => code switch
    {
        _ when code.EndsWith("not_found", StringComparison.Ordinal) => ErrorKind.NotFound,
        _ when code.EndsWith("forbidden", StringComparison.Ordinal) => ErrorKind.Forbidden,
        _ when code.StartsWith("auth.", StringComparison.Ordinal) => ErrorKind.Unauthenticated,
        _ when code.StartsWith("import.", StringComparison.Ordinal) && code.EndsWith("too_large", StringComparison.Ordinal) => ErrorKind.TooLarge,
        "version.required" => ErrorKind.VersionRequired,
        _ when code.EndsWith("conflict", StringComparison.Ordinal) || code.Contains("Duplicate", StringComparison.Ordinal)
            || code is "workflow.invalid_transition" or "workflow.blocked_by_errors" => ErrorKind.Conflict,
        _ => ErrorKind.Validation,
    };
}

/// <summary>The kinds of failure a use case reports.</summary>
public enum ErrorKind
{
    /// <summary>The input is wrong (the error names the field or cell).</summary>
    Validation,

    NotFound,

    /// <summary>Signed in, but not allowed.</summary>
    Forbidden,

    /// <summary>Not signed in, or the credentials are wrong.</summary>
    Unauthenticated,

    /// <summary>The state changed (someone else saved, a workflow step does not apply, a duplicate).</summary>
    Conflict,

    /// <summary>A write did not say which version it was made against.</summary>
    VersionRequired,

    /// <summary>An upload is larger than allowed.</summary>
    TooLarge,
}

/// <summary>Either a value or the errors that prevented it. Validators return this instead of throwing.</summary>
public sealed class Result<T>
{
    private readonly T? _value;

    private Result(T? value, IReadOnlyList<DomainError> errors)
    {
        _value = value;
        Errors = errors;
    }

    public IReadOnlyList<DomainError> Errors { get; }

    public bool IsSuccess => Errors.Count == 0;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException("结果包含错误，没有值：" + string.Join("；", Errors));

    public static Result<T> Success(T value) => new(value, []);

    public static Result<T> Failure(IReadOnlyList<DomainError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("A failure needs at least one error.", nameof(errors)) : new(default, errors);

    public static Result<T> Failure(DomainError error) => new(default, [error]);
}
