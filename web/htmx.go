package web

// htmx request and response headers.
const (
	hxRequest  = "HX-Request"  // "true" on every request htmx makes
	hxTarget   = "HX-Target"   // the id of the element the response will replace
	hxLocation = "HX-Location" // client-side navigation without a full reload
	hxTrigger  = "HX-Trigger"  // events for htmx to fire in the browser

	hxHistoryRestore = "HX-History-Restore-Request" // htmx restoring a page it has no snapshot of
)

// varyNegotiated lists the request headers a negotiated answer depends on.
const varyNegotiated = "Accept, HX-Request"
