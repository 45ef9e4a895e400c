package service

// mapped is f of each of xs, in order; never nil, so that an empty list
// writes [] in JSON.
func mapped[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// viewOrNil answers v only when err is nil, else V's zero value: a run can
// fail after its view was built (in an audit entry, at commit), and the
// caller must not see a view of what did not hold.
func viewOrNil[V any](v V, err error) (V, error) {
	if err != nil {
		var zero V
		return zero, err
	}
	return v, nil
}
