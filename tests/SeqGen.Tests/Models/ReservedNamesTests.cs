using System;
using System.Linq;
using System.Reflection;
using SeqGen.Generator.Validation;
using SeqGen.Tests.Reference;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>
/// SEQ0006/SEQ0008 reserve the names in GeneratedMemberNames, a list kept by hand beside the
/// emitters: every member a generated class really declares must be on it, or a user could still
/// write a clashing name that only the C# compiler catches.
/// </summary>
public sealed class ReservedNamesTests
{
    [Theory]
    [InlineData(typeof(SentimentLike))]            // bidirectional, stacked, mixed, cross-entropy, ManyToOne
    [InlineData(typeof(StreamingMixed))]           // streaming, LSTM + GRU + RNN
    [InlineData(typeof(StreamingMixedDouble))]     // GRU reset-before
    [InlineData(typeof(TruncatedGru))]             // truncated BPTT
    [InlineData(typeof(LstmOneToManyD))]           // OneToMany
    public void EveryGeneratedMemberNameIsReserved(Type model)
    {
        string[] declared = model.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
            .Select(m => m.Name)
            .Where(n => n is not ".ctor" and not ".cctor" && !n.StartsWith("get_", StringComparison.Ordinal) && !n.StartsWith("set_", StringComparison.Ordinal))
            // explicit interface implementations (Interface.Member) cannot collide with a user's member
            .Where(n => !n.Contains('.', StringComparison.Ordinal))
            .Distinct()
            .ToArray();
        Assert.NotEmpty(declared);
        Assert.All(declared, name => Assert.True(GeneratedMemberNames.Contains(name), $"{model.Name}.{name} is generated but not reserved"));
    }
}
