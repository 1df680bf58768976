using System;
using System.Numerics;

namespace SeqGen.Data;

/// <summary>
/// The natural cubic spline through points (x_i, y_i) with strictly increasing x: piecewise cubic,
/// twice continuously differentiable, passing through every point, with second derivative zero at
/// the first and last knot. It reproduces straight lines exactly (not general cubics: the natural
/// end conditions force a cubic's nonzero end curvature to zero). Outside [x_0, x_last] it continues
/// as the straight line with the end value and slope (second derivative zero, as at the ends).
/// </summary>
/// <remarks>
/// Construction solves the tridiagonal system for the knots' second derivatives once (O(n), in T);
/// evaluation finds the interval by binary search (O(log n)) and allocates nothing.
/// </remarks>
public sealed class CubicSpline<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _x;
    private readonly T[] _y;
    private readonly T[] _m; // second derivative at each knot

    /// <summary>Builds the spline through (<paramref name="x"/>[i], <paramref name="y"/>[i]); the values are copied.</summary>
    /// <exception cref="ArgumentException">Fewer than two points, lengths differ, a value is not finite, or x is not strictly increasing (the message names the index).</exception>
    public CubicSpline(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"x has {x.Length} values but y has {y.Length}; they must have the same length.", nameof(y));
        }
        if (x.Length < 2)
        {
            throw new ArgumentException($"A spline needs at least 2 points, but {x.Length} were given.", nameof(x));
        }
        for (int i = 0; i < x.Length; i++)
        {
            if (!T.IsFinite(x[i]))
            {
                throw new ArgumentException($"x[{i}] is {x[i]}, but every x must be finite.", nameof(x));
            }
            if (!T.IsFinite(y[i]))
            {
                throw new ArgumentException($"y[{i}] is {y[i]}, but every y must be finite.", nameof(y));
            }
            if (i > 0 && !(x[i] > x[i - 1]))
            {
                throw new ArgumentException(
                    $"x must be strictly increasing, but x[{i}] = {x[i]} is not greater than x[{i - 1}] = {x[i - 1]}.", nameof(x));
            }
        }
        _x = x.ToArray();
        _y = y.ToArray();
        _m = SolveSecondDerivatives(_x, _y);
    }

    /// <summary>Number of knots.</summary>
    public int Count => _x.Length;

    /// <summary>The first knot's x.</summary>
    public T Start => _x[0];

    /// <summary>The last knot's x.</summary>
    public T End => _x[^1];

    /// <summary>The spline's value at <paramref name="x"/> (linear continuation outside the knots).</summary>
    public T Evaluate(T x)
    {
        if (x <= _x[0])
        {
            return _y[0] + Derivative(_x[0]) * (x - _x[0]);
        }
        if (x >= _x[^1])
        {
            return _y[^1] + Derivative(_x[^1]) * (x - _x[^1]);
        }
        int i = Interval(x);
        T h = _x[i + 1] - _x[i];
        T a = (_x[i + 1] - x) / h;
        T b = (x - _x[i]) / h;
        T sixth = T.One / T.CreateChecked(6);
        return a * _y[i] + b * _y[i + 1] + ((a * a * a - a) * _m[i] + (b * b * b - b) * _m[i + 1]) * h * h * sixth;
    }

    /// <summary>The first derivative at <paramref name="x"/> (the end slope outside the knots).</summary>
    public T Derivative(T x)
    {
        int i = x >= _x[^1] ? _x.Length - 2 : x <= _x[0] ? 0 : Interval(x);
        x = T.Clamp(x, _x[0], _x[^1]);
        T h = _x[i + 1] - _x[i];
        T a = (_x[i + 1] - x) / h;
        T b = (x - _x[i]) / h;
        T three = T.CreateChecked(3), sixth = T.One / T.CreateChecked(6);
        return (_y[i + 1] - _y[i]) / h + ((T.One - three * a * a) * _m[i] + (three * b * b - T.One) * _m[i + 1]) * h * sixth;
    }

    /// <summary>The second derivative at <paramref name="x"/> (zero at and beyond the end knots).</summary>
    public T SecondDerivative(T x)
    {
        if (x <= _x[0] || x >= _x[^1])
        {
            return T.Zero;
        }
        int i = Interval(x);
        T h = _x[i + 1] - _x[i];
        return ((_x[i + 1] - x) * _m[i] + (x - _x[i]) * _m[i + 1]) / h;
    }

    /// <summary>
    /// Evaluates the spline on the uniform grid start, start + step, ..., filling all of
    /// <paramref name="destination"/> (its length is the number of grid points).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is not finite and above zero, or <paramref name="start"/> is not finite.</exception>
    public void Resample(T start, T step, Span<T> destination)
    {
        if (!T.IsFinite(start))
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"start must be finite, but is {start}.");
        }
        if (!(step > T.Zero) || !T.IsFinite(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"step must be finite and above 0, but is {step}.");
        }
        for (int k = 0; k < destination.Length; k++)
        {
            destination[k] = Evaluate(start + T.CreateChecked(k) * step);
        }
    }

    /// <summary>The index i with x_i &lt;= x &lt; x_(i+1), for x inside the knots.</summary>
    private int Interval(T x)
    {
        int lo = 0, hi = _x.Length - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >>> 1;
            if (_x[mid] <= x)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>
    /// Solves h_(i-1) M_(i-1) + 2 (h_(i-1) + h_i) M_i + h_i M_(i+1) = 6 (d_i - d_(i-1)), with
    /// d_i the slope of interval i, for the inner knots (M = 0 at both ends), by the Thomas algorithm.
    /// </summary>
    private static T[] SolveSecondDerivatives(T[] x, T[] y)
    {
        int n = x.Length;
        var m = new T[n];
        if (n < 3)
        {
            return m;
        }
        T two = T.CreateChecked(2), six = T.CreateChecked(6);
        var upper = new T[n]; // modified super-diagonal
        var rhs = new T[n];
        for (int i = 1; i < n - 1; i++)
        {
            T hPrev = x[i] - x[i - 1], h = x[i + 1] - x[i];
            T diagonal = two * (hPrev + h);
            T right = six * ((y[i + 1] - y[i]) / h - (y[i] - y[i - 1]) / hPrev);
            if (i > 1)
            {
                diagonal -= hPrev * upper[i - 1];
                right -= hPrev * rhs[i - 1];
            }
            upper[i] = h / diagonal;
            rhs[i] = right / diagonal;
        }
        m[n - 2] = rhs[n - 2];
        for (int i = n - 3; i >= 1; i--)
        {
            m[i] = rhs[i] - upper[i] * m[i + 1];
        }
        return m;
    }
}
