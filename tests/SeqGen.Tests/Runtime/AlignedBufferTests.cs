using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SeqGen.Numerics;
using SeqGen.Tests.Models;
using Xunit;

namespace SeqGen.Tests.Runtime;

public class AlignedBufferTests
{
    private static unsafe long Address<T>(ReadOnlySpan<T> span) where T : unmanaged =>
        (long)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4353)]
    [InlineData(70_000)]
    public void Every_element_type_starts_on_a_cache_line_and_is_zeroed(int length)
    {
        // many allocations in a row: the pinned heap places them at every 8-byte offset
        for (int k = 0; k < 16; k++)
        {
            var floats = AlignedBuffer<float>.Allocate(length);
            var doubles = AlignedBuffer<double>.Allocate(length);
            var halves = AlignedBuffer<Half>.Allocate(length);
            var words = AlignedBuffer<ushort>.Allocate(length);
            Assert.Equal(length, floats.Length);
            Assert.Equal(length, floats.AsSpan().Length);
            if (length > 0)
            {
                Assert.Equal(0, Address<float>(floats) % 64);
                Assert.Equal(0, Address<double>(doubles) % 64);
                Assert.Equal(0, Address<Half>(halves) % 64);
                Assert.Equal(0, Address<ushort>(words) % 64);
            }
            Assert.True(floats.AsSpan().IndexOfAnyExcept(0f) < 0);
            Assert.True(doubles.AsSpan().IndexOfAnyExcept(0d) < 0);
        }
    }

    [Fact]
    public void Indexer_and_spans_view_the_same_elements()
    {
        var buffer = AlignedBuffer<float>.Allocate(10);
        for (int i = 0; i < 10; i++)
        {
            buffer[i] = i + 1;
        }
        buffer[3] += 10;
        Assert.Equal(new float[] { 1, 2, 3, 14, 5, 6, 7, 8, 9, 10 }, buffer.AsSpan().ToArray());
        Assert.Equal(new float[] { 14, 5 }, buffer.AsSpan(3, 2).ToArray());
        Span<float> implicitSpan = buffer;
        ReadOnlySpan<float> implicitReadOnly = buffer;
        Assert.Equal(10, implicitSpan.Length);
        Assert.Equal(14f, implicitReadOnly[3]);
        buffer.AsSpan(8, 2).Fill(-1);
        Assert.Equal(-1f, buffer[9]);
        Assert.Equal(0, buffer.AsSpan(10, 0).Length);
        buffer.Clear();
        Assert.True(buffer.AsSpan().IndexOfAnyExcept(0f) < 0);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    [InlineData(int.MaxValue)]
    public void Indexer_outside_the_buffer_throws(int index)
    {
        var buffer = AlignedBuffer<float>.Allocate(10);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => buffer[index]);
        Assert.Contains($"Index {index} is outside a buffer of 10 elements", e.Message);
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(9, 2)]
    [InlineData(0, 11)]
    [InlineData(5, -1)]
    [InlineData(int.MaxValue, int.MaxValue)]
    public void Span_outside_the_buffer_throws(int start, int length)
    {
        var buffer = AlignedBuffer<float>.Allocate(10);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AsSpan(start, length).Length);
        Assert.Contains($"{length} elements from {start} do not fit in a buffer of 10 elements", e.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Impossible_lengths_throw(int length)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => AlignedBuffer<float>.Allocate(length));
        Assert.Contains("A buffer needs between 0 and", e.Message);
    }

    [Fact]
    public void A_default_instance_is_empty_or_says_it_has_no_storage()
    {
        AlignedBuffer<float> none = default;
        Assert.Equal(0, none.Length);
        Assert.True(none.AsSpan().IsEmpty);
        var e = Assert.Throws<InvalidOperationException>(() => none.AsSpan(0, 0).Length);
        Assert.Contains("default instance", e.Message);
        none.Clear();
        Span<float> span = none;
        Assert.True(span.IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => none[0]);
    }

    private struct Twelve
    {
        public int A, B, C;

        public Twelve(int a, int b, int c) => (A, B, C) = (a, b, c);
    }

    [Fact]
    public void Elements_that_cannot_be_aligned_still_make_a_working_buffer()
    {
        // 16 bytes divides 64 but array data is only 8-byte aligned; 12 bytes does not divide 64
        var guids = AlignedBuffer<Guid>.Allocate(5);
        var twelves = AlignedBuffer<Twelve>.Allocate(5);
        Assert.Equal(5, guids.AsSpan().Length);
        Assert.True(guids.AsSpan().IndexOfAnyExcept(Guid.Empty) < 0);
        Guid g = Guid.NewGuid();
        guids[4] = g;
        Assert.Equal(g, guids.AsSpan()[4]);
        twelves[2] = new Twelve(6, 7, 8);
        Assert.Equal(7, twelves.AsSpan(2, 1)[0].B);
        Assert.Equal(8, twelves[2].C);
        Assert.Equal(0, twelves[3].A);
    }

    [Fact]
    public void Generated_models_keep_parameters_and_gradients_on_cache_lines()
    {
        for (int k = 0; k < 8; k++)
        {
            var single = new FloatStackModel(seed: k);
            var half = new HalfStackModel(seed: k);
            var precise = new FdRnnTanhManyToOne(seed: k);
            Assert.Equal(0, Address<float>(single.Parameters) % 64);
            Assert.Equal(0, Address<float>(single.Gradients) % 64);
            Assert.Equal(0, Address<float>(half.Parameters) % 64);
            Assert.Equal(0, Address<double>(precise.Parameters) % 64);
            Assert.Equal(0, Address<double>(precise.Gradients) % 64);
            Assert.Equal(FloatStackModel.ParameterCount, single.Parameters.Length);
        }
    }
}
