package views

import "context"

type formTokenKey struct{}

// WithFormToken returns ctx carrying the one-time token of a page: every
// form of the vocabulary rendered with ctx sends it (OnceToken), so that
// the server answers a double click or a resubmit after Back from the
// first submission instead of writing again. One token serves the whole
// page: the server tells its forms apart by what each one submits.
func WithFormToken(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, formTokenKey{}, token)
}

// formToken is the token of ctx; "" when none.
func formToken(ctx context.Context) string {
	t, _ := ctx.Value(formTokenKey{}).(string)
	return t
}
