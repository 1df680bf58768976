using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SeqGen.Tests.Reference;
using Xunit;

namespace SeqGen.Tests.Serialization;

/// <summary>Saving to a path replaces the file only when the new content is complete.</summary>
public sealed class AtomicSaveTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("seqgen-save-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void SaveOverwritesAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_directory, "model.safetensors");
        new LstmManyToOneCeD(seed: 1).SaveWeights(path);
        var second = new LstmManyToOneCeD(seed: 2);
        second.SaveWeights(path);
        Assert.Equal(new[] { path }, Directory.GetFiles(_directory));
        var loaded = new LstmManyToOneCeD();
        loaded.LoadWeights(path);
        Assert.Equal(second.Parameters.ToArray(), loaded.Parameters.ToArray());
    }

    [Fact]
    public void FailureInTheMiddleOfWritingLeavesThePreviousFileIntact()
    {
        string path = Path.Combine(_directory, "model.safetensors");
        new LstmManyToOneCeD(seed: 1).SaveWeights(path);
        byte[] before = File.ReadAllBytes(path);

        // Tensors are written in name order: head.bias is written, then reading head.weight fails.
        var failing = new FailingModel(new LstmManyToOneCeD(seed: 2), "head.weight");
        var error = Assert.Throws<IOException>(() => failing.SaveWeights(path));
        Assert.Equal("simulated failure reading head.weight", error.Message);
        Assert.Equal(1, failing.ParametersRead);

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_directory));
    }

    [Fact]
    public void FailingStreamPropagatesTheError()
    {
        var stream = new FailingStream(failAfter: 100);
        Assert.Throws<IOException>(() => new LstmManyToOneCeD(seed: 1).SaveWeights(stream));
        Assert.True(stream.Written <= 100);
    }

    [Fact]
    public void SaveIntoMissingDirectoryCreatesNothing()
    {
        string path = Path.Combine(_directory, "absent", "model.safetensors");
        Assert.Throws<DirectoryNotFoundException>(() => new LstmManyToOneCeD().SaveWeights(path));
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    /// <summary>A model whose GetParameter fails for one name, as a model mutated under a save might.</summary>
    private sealed class FailingModel(ISequenceModel<double> inner, string failOn) : ISequenceModel<double>
    {
        public int ParametersRead { get; private set; }
        public IReadOnlyList<ParameterInfo> ParameterTable => inner.ParameterTable;
        public string ModelName => inner.ModelName;
        public bool ValidateInputs { get => inner.ValidateInputs; set => inner.ValidateInputs = value; }
        public Span<double> Parameters => inner.Parameters;
        public Span<double> Gradients => inner.Gradients;
        public ReadOnlySpan<double> Outputs => inner.Outputs;
        public ReadOnlySpan<double> InputGradient => inner.InputGradient;
        public ReadOnlySpan<double> ChunkLosses => inner.ChunkLosses;
        public Span<double> InitialHidden => inner.InitialHidden;
        public ReadOnlySpan<double> FinalHidden => inner.FinalHidden;
        public ReadOnlySpan<double> InitialHiddenGradient => inner.InitialHiddenGradient;
        public void ZeroGradients() => inner.ZeroGradients();
        public void InitializeParameters(long seed) => inner.InitializeParameters(seed);
        public void Forward(ReadOnlySpan<double> input, Span<double> output) => inner.Forward(input, output);
        public void SetParameter(string name, ReadOnlySpan<double> values) => inner.SetParameter(name, values);
        public void GetGradient(string name, Span<double> destination) => inner.GetGradient(name, destination);

        public void GetParameter(string name, Span<double> destination)
        {
            if (name == failOn)
            {
                throw new IOException($"simulated failure reading {name}");
            }
            inner.GetParameter(name, destination);
            ParametersRead++;
        }
    }

    private sealed class FailingStream(int failAfter) : MemoryStream
    {
        public int Written { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Written + buffer.Length > failAfter)
            {
                throw new IOException("disk full");
            }
            Written += buffer.Length;
            base.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    }
}
