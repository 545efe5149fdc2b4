package web

// validator collects a message per invalid field, so that every problem of a
// request is reported at once.
type validator struct {
	fields map[string]string
}

// add records msg for field, keeping the first message a field gets.
func (v *validator) add(field, msg string) {
	if v.fields == nil {
		v.fields = make(map[string]string)
	}
	if _, ok := v.fields[field]; !ok {
		v.fields[field] = msg
	}
}

// err returns the collected problems as a *validationError, or nil.
func (v *validator) err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &validationError{message: "some fields are not valid", fields: v.fields}
}
