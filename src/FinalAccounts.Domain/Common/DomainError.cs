namespace FinalAccounts.Domain.Common;

/// <summary>A typed, user-facing validation error. <see cref="Message"/> is Chinese and names what is wrong.</summary>
/// <param name="Code">Stable machine-readable code, e.g. <c>cell.not_a_number</c>.</param>
/// <param name="Message">Message for people, in Chinese.</param>
/// <param name="Target">What the error is about (a template path, a cell address), if anything.</param>
public sealed record DomainError(string Code, string Message, string? Target = null)
{
    public override string ToString() => Target is null ? Message : $"{Target}：{Message}";
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
