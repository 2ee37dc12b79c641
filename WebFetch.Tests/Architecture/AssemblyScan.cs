using System.Reflection;
using System.Reflection.Emit;

namespace WebFetch.Tests.Architecture;

/// <summary>
/// Finds which folder of a project refers to which from its compiled assembly, as a check on
/// <see cref="FolderScan"/>'s reading of the source: a type's folder is its namespace's second
/// part (as <see cref="FolderDependencyTests"/> checks), nested and compiler-made types (lambdas,
/// async state machines) belong to the type they are declared in, and a type uses what its base
/// type, interfaces, fields, properties, method signatures, local variables, attributes'
/// <c>typeof</c> arguments and the members its IL calls, reads or creates name. This sees a type
/// reached without being written (<c>var x = a.B()</c>), which the source scan does not; it does
/// not see a constant (copied into the IL as its value), a cref or a <c>nameof</c>, which the
/// source scan does. It names the type that uses, not the file and line.
/// </summary>
internal static class AssemblyScan
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (ushort)o.Value);

    public static IReadOnlyList<FolderReference> References(Assembly assembly)
    {
        var references = new List<FolderReference>();
        foreach (Type type in assembly.GetTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (Folder(type, assembly) is not { } from)
            {
                continue;
            }
            var seen = new HashSet<(string, string)>();
            void Use(Type? used, string where)
            {
                foreach (Type part in Parts(used))
                {
                    if (Folder(part, assembly) is { } to && to != from && seen.Add((to, part.FullName ?? part.Name)))
                    {
                        references.Add(new FolderReference(from, to, Outermost(type).FullName ?? type.Name, 0, $"{where} uses {part.FullName}"));
                    }
                }
            }

            Use(type.BaseType, $"{type.Name}'s base type");
            foreach (Type face in type.GetInterfaces())
            {
                Use(face, $"{type.Name}'s interface");
            }
            foreach (CustomAttributeData attribute in type.GetCustomAttributesData())
            {
                Use(attribute.AttributeType, $"an attribute of {type.Name}");
                foreach (CustomAttributeTypedArgument argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue)))
                {
                    Use(argument.Value as Type, $"an attribute of {type.Name}");
                }
            }
            foreach (FieldInfo field in type.GetFields(Declared))
            {
                Use(field.FieldType, $"field {type.Name}.{field.Name}");
            }
            foreach (PropertyInfo property in type.GetProperties(Declared))
            {
                Use(property.PropertyType, $"property {type.Name}.{property.Name}");
            }
            foreach (MethodBase method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            {
                string where = $"{type.Name}.{method.Name}";
                if (method is MethodInfo info)
                {
                    Use(info.ReturnType, where);
                }
                foreach (ParameterInfo parameter in method.GetParameters())
                {
                    Use(parameter.ParameterType, where);
                }
                MethodBody? body = method.GetMethodBody();
                foreach (LocalVariableInfo local in body?.LocalVariables ?? [])
                {
                    Use(local.LocalType, where);
                }
                foreach (MemberInfo member in MembersUsedBy(method, body))
                {
                    Use(member as Type ?? member.DeclaringType, where);
                    Use((member as MethodInfo)?.ReturnType ?? (member as FieldInfo)?.FieldType, where);
                }
            }
        }
        return references;
    }

    /// <summary>The members and types that the IL of <paramref name="method"/> names through a token.</summary>
    private static List<MemberInfo> MembersUsedBy(MethodBase method, MethodBody? body)
    {
        var members = new List<MemberInfo>();
        byte[]? il = body?.GetILAsByteArray();
        if (il is null)
        {
            return members;
        }
        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int at = 0;
        while (at < il.Length)
        {
            ushort value = il[at++];
            if (value == 0xFE)
            {
                value = (ushort)(0xFE00 | il[at++]);
            }
            OpCode code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    int token = BitConverter.ToInt32(il, at);
                    at += 4;
                    try
                    {
                        members.Add(method.Module.ResolveMember(token, typeArguments, methodArguments)!);
                    }
                    catch (ArgumentException)
                    {
                        // A token of a member outside the assembly that cannot be loaded here: not one of its folders.
                    }
                    break;
                default:
                    at += 4;
                    break;
            }
        }
        return members;
    }

    /// <summary>A type and the types it is made of: element types and generic arguments.</summary>
    private static IEnumerable<Type> Parts(Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            yield break;
        }
        if (type.HasElementType)
        {
            foreach (Type part in Parts(type.GetElementType()))
            {
                yield return part;
            }
            yield break;
        }
        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (Type part in type.GetGenericArguments().SelectMany(Parts))
            {
                yield return part;
            }
        }
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }
        return type;
    }

    /// <summary>The folder of a type of <paramref name="assembly"/>, or null for one outside it or made by the compiler outside the project's namespaces.</summary>
    private static string? Folder(Type type, Assembly assembly)
    {
        if (type.Assembly != assembly)
        {
            return null;
        }
        Type outer = Outermost(type);
        return outer.Namespace switch
        {
            null => outer.Name is "Program" ? FolderScan.EntryPoint : null,
            FolderScan.Root => FolderScan.Root,
            string ns when ns.StartsWith(FolderScan.Root + ".", StringComparison.Ordinal) => ns.Split('.')[1],
            _ => null,
        };
    }
}
