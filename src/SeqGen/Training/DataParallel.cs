using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SeqGen;

/// <summary>
/// Data-parallel mini-batch steps over several cores: the batch is split into contiguous shares,
/// each computed by its own replica of the model (its own workspace) on its own thread, and the
/// replicas' gradients are summed into the model's before the one optimizer step. The result is
/// <see cref="MiniBatch"/>'s up to the order of the floating-point sums.
/// </summary>
/// <remarks>
/// <para>The models keep their workspaces in the instance, so a replica per worker is what makes
/// the work independent. Within a share, a model with lockstep batches
/// (<see cref="IBatchedRegressionModel{T}"/>) computes its examples in groups, as in <see cref="MiniBatch"/>. Before each step the model's parameters are copied into
/// every replica; the replicas' own parameters never matter.</para>
/// <para>The calling thread computes the first share on the model itself; <c>workers - 1</c>
/// background threads, started once, compute the others. After the first step with the largest
/// batch, a step allocates nothing. Shares are fixed by position (share w holds examples
/// [w*B/W, (w+1)*B/W) of the batch), so a given worker count gives the same bits on every run.</para>
/// <para>One instance is for one caller at a time. Dispose it to stop its threads.</para>
/// </remarks>
public sealed class DataParallel<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ISequenceModel<T>[] _replicas;
    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _start;
    private readonly CountdownEvent _done;
    private readonly T[] _losses;
    private readonly ExceptionDispatchInfo?[] _failures;
    private readonly long[] _workerAllocatedBytes;
    private int[] _indices = new int[64];
    private int _count;
    private RegressionDataset<T>? _regression;
    private ClassificationDataset<T>? _classification;
    private volatile bool _disposed;

    /// <summary>Wraps <paramref name="model"/> with <paramref name="workers"/> - 1 replicas made by <paramref name="createReplica"/> (a new instance of the same model class each call).</summary>
    /// <param name="model">The model whose parameters are trained; it also does the first share of each batch.</param>
    /// <param name="createReplica">Makes one more instance of the model's class (e.g. <c>() =&gt; new MyModel()</c>).</param>
    /// <param name="workers">Threads in all, the calling one included (default: one per processor).</param>
    /// <exception cref="ArgumentException">A replica of another class or parameter count, or the model itself.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> below 1.</exception>
    public DataParallel(ISequenceModel<T> model, Func<ISequenceModel<T>> createReplica, int workers = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(createReplica);
        if (workers == 0)
        {
            workers = Environment.ProcessorCount;
        }
        if (workers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(workers), workers, $"workers must be at least 1 (or 0 for one per processor), but is {workers}.");
        }
        _replicas = new ISequenceModel<T>[workers];
        _replicas[0] = model;
        for (int w = 1; w < workers; w++)
        {
            ISequenceModel<T> replica = createReplica() ?? throw new ArgumentException("createReplica returned null.", nameof(createReplica));
            if (replica.GetType() != model.GetType() || ReferenceEquals(replica, model) || Array.IndexOf(_replicas, replica, 0, w) >= 0)
            {
                throw new ArgumentException(
                    $"createReplica must return a new instance of {model.GetType().Name} each call, but returned {(ReferenceEquals(replica, model) ? "the model itself" : Array.IndexOf(_replicas, replica, 0, w) >= 0 ? "an instance it had returned before" : "a " + replica.GetType().Name)}.",
                    nameof(createReplica));
            }
            _replicas[w] = replica;
        }
        _losses = new T[workers];
        _failures = new ExceptionDispatchInfo?[workers];
        _workerAllocatedBytes = new long[workers];
        _start = new ManualResetEventSlim[workers];
        _threads = new Thread[workers];
        _done = new CountdownEvent(1);
        for (int w = 1; w < workers; w++)
        {
            _start[w] = new ManualResetEventSlim(false);
            int worker = w;
            _threads[w] = new Thread(() => WorkerLoop(worker)) { IsBackground = true, Name = $"SeqGen DataParallel worker {w}" };
            _threads[w].Start();
        }
    }

    /// <summary>Threads in all, the calling one included.</summary>
    public int Workers => _replicas.Length;

    /// <summary>
    /// Bytes the background threads had allocated when they last finished a share, summed: a
    /// check that steps allocate nothing on them either (the calling thread is measured with
    /// <see cref="GC.GetAllocatedBytesForCurrentThread"/>).
    /// </summary>
    public long WorkerAllocatedBytes
    {
        get
        {
            long sum = 0;
            for (int w = 1; w < _workerAllocatedBytes.Length; w++)
            {
                sum += Volatile.Read(ref _workerAllocatedBytes[w]);
            }
            return sum;
        }
    }

    /// <summary>The model being trained.</summary>
    public ISequenceModel<T> Model => _replicas[0];

    /// <summary>One step over the examples <paramref name="indices"/> of <paramref name="data"/>, as <see cref="MiniBatch.Step{T}(IRegressionModel{T}, IOptimizer{T}, RegressionDataset{T}, ReadOnlySpan{int}, T?)"/>; returns the batch's summed loss.</summary>
    /// <exception cref="ArgumentException">Empty indices, an index outside the data, data that does not fit the model, or a model that is not a regression model.</exception>
    public T Step(IOptimizer<T> optimizer, RegressionDataset<T> data, ReadOnlySpan<int> indices, T? maxGradientNorm = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Model is not IRegressionModel<T>)
        {
            throw new ArgumentException($"{Model.GetType().Name} is not a regression model (mean squared error); pass a ClassificationDataset.", nameof(data));
        }
        CheckData(data, indices);
        _regression = data;
        _classification = null;
        return Step(optimizer, indices, maxGradientNorm);
    }

    /// <summary>One step over the examples <paramref name="indices"/> of <paramref name="data"/>, as <see cref="MiniBatch.Step{T}(IClassifierModel{T}, IOptimizer{T}, ClassificationDataset{T}, ReadOnlySpan{int}, T?)"/>; returns the batch's summed loss.</summary>
    /// <exception cref="ArgumentException">Empty indices, an index outside the data, data that does not fit the model, or a model that is not a classifier.</exception>
    public T Step(IOptimizer<T> optimizer, ClassificationDataset<T> data, ReadOnlySpan<int> indices, T? maxGradientNorm = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Model is not IClassifierModel<T>)
        {
            throw new ArgumentException($"{Model.GetType().Name} is not a classifier (cross-entropy); pass a RegressionDataset.", nameof(data));
        }
        CheckData(data, indices);
        _classification = data;
        _regression = null;
        return Step(optimizer, indices, maxGradientNorm);
    }

    private void CheckData(SequenceDataset<T> data, ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty)
        {
            throw new ArgumentException("indices is empty: a mini-batch needs at least one example.", nameof(indices));
        }
        // an input or target of the wrong length is reported by the model's own check, before the optimizer step
        foreach (int index in indices)
        {
            if ((uint)index >= (uint)data.Count)
            {
                throw new ArgumentException($"indices holds {index}, outside the data's {data.Count} examples.", nameof(indices));
            }
        }
    }

    private T Step(IOptimizer<T> optimizer, ReadOnlySpan<int> indices, T? maxGradientNorm)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (optimizer.ParameterCount != Model.Parameters.Length)
        {
            throw new ArgumentException($"The optimizer is for {optimizer.ParameterCount} parameters, but {Model.ModelName} has {Model.Parameters.Length}.", nameof(optimizer));
        }
        if (_indices.Length < indices.Length)
        {
            _indices = new int[indices.Length];
        }
        indices.CopyTo(_indices);
        _count = indices.Length;

        // every replica that gets a share starts from the model's parameters
        int helpers = Math.Min(_replicas.Length, _count) - 1;
        ReadOnlySpan<T> parameters = Model.Parameters;
        for (int w = 1; w <= helpers; w++)
        {
            parameters.CopyTo(_replicas[w].Parameters);
        }

        // the shares run at once; this thread computes share 0 on the model itself
        _done.Reset(helpers + 1);
        for (int w = 1; w <= helpers; w++)
        {
            _start[w].Set();
        }
        RunShare(0);
        _done.Wait();
        for (int w = 0; w <= helpers; w++)
        {
            _failures[w]?.Throw();
        }

        // sum the shares in worker order, so the bits depend only on the worker count
        Span<T> gradients = Model.Gradients;
        T loss = _losses[0];
        for (int w = 1; w <= helpers; w++)
        {
            TensorPrimitives.Add<T>(gradients, _replicas[w].Gradients, gradients);
            loss += _losses[w];
        }
        MiniBatch.StepOnMeanGradient(Model, optimizer, _count, maxGradientNorm);
        return loss;
    }

    private void WorkerLoop(int worker)
    {
        while (true)
        {
            _start[worker].Wait();
            _start[worker].Reset();
            if (_disposed)
            {
                return;
            }
            RunShare(worker);
        }
    }

    private void RunShare(int worker)
    {
        try
        {
            int workers = Math.Min(_replicas.Length, _count);
            int first = (int)((long)worker * _count / workers);
            int end = (int)((long)(worker + 1) * _count / workers);
            ISequenceModel<T> replica = _replicas[worker];
            replica.ZeroGradients();
            ReadOnlySpan<int> share = _indices.AsSpan(first, end - first);
            _losses[worker] = T.CreateChecked(_regression is { } regression
                ? new RegressionSource<T>((IRegressionModel<T>)replica, regression).ComputeGradients(share)
                : new ClassificationSource<T>((IClassifierModel<T>)replica, _classification!).ComputeGradients(share));
            _failures[worker] = null;
        }
        catch (Exception e)
        {
            _failures[worker] = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            if (worker > 0)
            {
                Volatile.Write(ref _workerAllocatedBytes[worker], GC.GetAllocatedBytesForCurrentThread());
            }
            _done.Signal();
        }
    }

    /// <summary>Stops the worker threads.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        for (int w = 1; w < _replicas.Length; w++)
        {
            _start[w].Set();
        }
        for (int w = 1; w < _replicas.Length; w++)
        {
            _threads[w].Join();
            _start[w].Dispose();
        }
        _done.Dispose();
    }
}
