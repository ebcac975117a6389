using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FinalAccounts.Domain.Templates;

/// <summary>
/// The template-set format's JSON schema (<c>template-set.schema.json</c>, embedded) and a checker for the part of
/// JSON Schema it uses: type, enum, required, properties, additionalProperties, items, minItems, minLength, maxLength,
/// pattern, minimum, maximum and local <c>$ref</c>. Hand-written so the domain stays free of packages; the schema file
/// itself is standard and can be used by any editor or validator.
/// </summary>
public static class TemplateSetSchema
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
    {
        using var stream = typeof(TemplateSetSchema).Assembly.GetManifestResourceStream("template-set.schema.json")
            ?? throw new InvalidOperationException("template-set.schema.json is not embedded");
        return JsonDocument.Parse(stream);
    });

    /// <summary>The schema's text, for serving it to template authors.</summary>
    public static string Text => Document.Value.RootElement.GetRawText();

    /// <summary>Where the instance breaks the schema, each with its JSON path (<c>$.tables[4].panels[0].stub</c>).</summary>
    public static IReadOnlyList<(string Path, string Message)> Check(JsonElement instance)
    {
        var errors = new List<(string, string)>();
        Check(Document.Value.RootElement, instance, "$", errors);
        return errors;
    }

    private static void Check(JsonElement schema, JsonElement value, string path, List<(string, string)> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = Resolve(reference.GetString()!);
        }

        if (schema.TryGetProperty("enum", out var allowed))
        {
            if (!allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
            {
                errors.Add((path, $"取值 {Show(value)} 无效：应为 {string.Join("、", allowed.EnumerateArray().Select(Show))} 之一"));
            }

            return;
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!types.Any(t => Is(value, t)))
            {
                errors.Add((path, $"应为{string.Join("或", types.Select(Name))}，实为{KindName(value)}"));
                return;
            }
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(schema, value, path, errors);
                break;
            case JsonValueKind.Array:
                if (schema.TryGetProperty("minItems", out var minItems) && value.GetArrayLength() < minItems.GetInt32())
                {
                    errors.Add((path, $"至少应有 {minItems.GetInt32()} 项"));
                }

                if (schema.TryGetProperty("items", out var items))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Check(items, item, $"{path}[{i++}]", errors);
                    }
                }

                break;
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (schema.TryGetProperty("minLength", out var minLength) && text.Length < minLength.GetInt32())
                {
                    errors.Add((path, minLength.GetInt32() == 1 ? "不能为空" : $"至少 {minLength.GetInt32()} 个字符"));
                }

                if (schema.TryGetProperty("maxLength", out var maxLength) && text.Length > maxLength.GetInt32())
                {
                    errors.Add((path, $"“{text}”超过 {maxLength.GetInt32()} 个字符"));
                }

                if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    errors.Add((path, $"“{text}”不符合格式 {pattern.GetString()}"));
                }

                break;
            case JsonValueKind.Number:
                var number = value.GetDecimal();
                if (schema.TryGetProperty("minimum", out var minimum) && number < minimum.GetDecimal())
                {
                    errors.Add((path, $"{Show(value)} 小于最小值 {minimum.GetDecimal()}"));
                }

                if (schema.TryGetProperty("maximum", out var maximum) && number > maximum.GetDecimal())
                {
                    errors.Add((path, $"{Show(value)} 大于最大值 {maximum.GetDecimal()}"));
                }

                break;
        }
    }

    private static void CheckObject(JsonElement schema, JsonElement value, string path, List<(string, string)> errors)
    {
        schema.TryGetProperty("properties", out var properties);
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    errors.Add((path, $"缺少必填字段 {name}"));
                }
            }
        }

        var closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
        foreach (var property in value.EnumerateObject())
        {
            var at = $"{path}.{property.Name}";
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(propertySchema, property.Value, at, errors);
            }
            else if (closed)
            {
                var known = properties.ValueKind == JsonValueKind.Object ? properties.EnumerateObject().Select(p => p.Name).Where(n => n != "$schema") : [];
                errors.Add((at, $"未知字段 {property.Name}（此处可用：{string.Join("、", known)}）"));
            }
        }
    }

    private static JsonElement Resolve(string reference)
    {
        // Only local references (#/$defs/name) are used.
        var element = Document.Value.RootElement;
        foreach (var part in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            element = element.GetProperty(part);
        }

        return element;
    }

    private static bool Is(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        _ => false,
    };

    private static string Name(string type) => type switch
    {
        "object" => "对象",
        "array" => "数组",
        "string" => "字符串",
        "boolean" => "true/false",
        "null" => "null",
        "integer" => "整数",
        _ => "数字",
    };

    private static string KindName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "对象",
        JsonValueKind.Array => "数组",
        JsonValueKind.String => $"字符串 {Show(value)}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        _ => $"数字 {value.GetRawText()}",
    };

    private static string Show(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? $"“{value.GetString()}”"
        : string.Create(CultureInfo.InvariantCulture, $"{value.GetRawText()}");
}
