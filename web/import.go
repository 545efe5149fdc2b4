package web

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// maxUploadBytes is the largest word file POST /import takes (SPEC: 16
// MiB); every other route keeps maxBodyBytes.
const maxUploadBytes = 16 << 20

var errUploadTooLarge = &httpError{
	status:  http.StatusRequestEntityTooLarge,
	message: fmt.Sprintf("the file is larger than %d MiB", maxUploadBytes>>20),
}

// isUpload reports whether a route takes a file, and so its own body limit.
func isUpload(method, path string) bool {
	return method == http.MethodPost && (path == views.ImportPath || strings.HasSuffix(path, "/api"+views.ImportPath))
}

// uploads keeps the files a preview read, for the Import that follows it:
// a browser without JavaScript cannot send the same file twice. They live
// in the system's temporary folder for an hour at most.
type uploads struct {
	dir string
}

// uploadLife is how long a previewed file waits for its Import.
const uploadLife = time.Hour

func newUploads() *uploads {
	return &uploads{dir: filepath.Join(os.TempDir(), "langportal-uploads")}
}

// keep stores data and returns its token.
func (u *uploads) keep(data []byte) (string, error) {
	if err := os.MkdirAll(u.dir, 0o700); err != nil {
		return "", err
	}
	u.expire()
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	token := hex.EncodeToString(b[:])
	return token, os.WriteFile(filepath.Join(u.dir, token), data, 0o600)
}

// load returns the file of a token; false when there is none (any more).
func (u *uploads) load(token string) ([]byte, bool) {
	if len(token) != 32 || strings.Trim(token, "0123456789abcdef") != "" {
		return nil, false // not one of ours: never a path
	}
	data, err := os.ReadFile(filepath.Join(u.dir, token))
	return data, err == nil
}

func (u *uploads) drop(token string) {
	if _, ok := u.load(token); ok {
		os.Remove(filepath.Join(u.dir, token))
	}
}

func (u *uploads) expire() {
	entries, _ := os.ReadDir(u.dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > uploadLife {
			os.Remove(filepath.Join(u.dir, e.Name()))
		}
	}
}

// importInput is the body of POST /import: a file (or the token of one
// kept by a preview), and the group: group_id, or a name in group.
type importInput struct {
	data     []byte
	fileName string
	upload   string
	groupID  int64
	group    string
	dryRun   bool
}

// decodeImport reads a multipart upload part by part (the file is kept in
// memory, at most 16 MiB, never in temporary files), or a form or JSON
// body that names a kept file.
func decodeImport(r *http.Request) (importInput, url.Values, error) {
	var in importInput
	fields := url.Values{}
	if mediaType(r.Header.Get("Content-Type")) == "multipart/form-data" {
		mr, err := r.MultipartReader()
		if err != nil {
			return in, fields, &validationError{message: "the multipart form body could not be read"}
		}
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return in, fields, uploadError(err)
			}
			if err := readPart(part, r.ContentLength, &in, fields); err != nil {
				return in, fields, err
			}
		}
	} else {
		b, err := decodeBody(r)
		if err != nil {
			return in, fields, err
		}
		for _, name := range []string{"group", "group_id", "upload", "dry_run"} {
			if b.has(name) {
				fields.Set(name, b.text(name))
			}
		}
	}
	var v validator
	in.upload, in.group = fields.Get("upload"), strings.TrimSpace(fields.Get("group"))
	if id := fields.Get("group_id"); id != "" {
		if n, err := strconv.ParseInt(id, 10, 64); err != nil || n <= 0 || !isDigits(id) {
			v.add("group_id", "must be a positive integer")
		} else {
			in.groupID = n
		}
	}
	if in.groupID == 0 && in.group == "" {
		v.add("group", "is required: choose a group or name a new one")
	}
	for _, d := range []string{fields.Get("dry_run"), r.URL.Query().Get("dry_run")} {
		switch d {
		case "", "false", "0":
		case "true", "1":
			in.dryRun = true
		default:
			v.add("dry_run", "must be true or false")
		}
	}
	if in.data == nil && in.upload == "" {
		v.add("file", "is required: choose a word file")
	}
	return in, fields, v.err()
}

// readPart reads a part of the upload: the file into one buffer sized by
// the body's length (io.ReadAll would grow it by doubling, copying a 16 MiB
// file several times), the other fields as text.
func readPart(part *multipart.Part, bodyLength int64, in *importInput, fields url.Values) error {
	defer part.Close()
	name := part.FormName()
	if name == "file" && part.FileName() != "" {
		var buf bytes.Buffer
		buf.Grow(int(min(max(bodyLength, 0), maxUploadBytes)) + bytes.MinRead)
		if _, err := buf.ReadFrom(part); err != nil {
			return uploadError(err)
		}
		data := buf.Bytes()
		if len(data) > 0 {
			in.data, in.fileName = data, filepath.Base(part.FileName())
		}
		return nil
	}
	value, err := io.ReadAll(io.LimitReader(part, maxBodyBytes))
	if err != nil {
		return uploadError(err)
	}
	fields.Set(name, string(value))
	return nil
}

func uploadError(err error) error {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return errUploadTooLarge
	}
	return &validationError{message: "the multipart form body could not be read"}
}

var importPage = views.Page{Title: "Import words", Section: views.SectionWords}

// showImport serves GET /import: the import form.
func (s *Server) showImport(c echo.Context) error {
	v, err := s.importView(c, views.ImportView{GroupID: c.QueryParam("group_id")})
	if err != nil {
		return err
	}
	return s.respond(c, view{page: importPage, main: views.ImportContent(v)})
}

func (s *Server) importView(c echo.Context, v views.ImportView) (views.ImportView, error) {
	groups, err := s.store.ListGroupChoices(c.Request().Context())
	v.Groups = groups
	return v, err
}

// importWords serves POST /import: read a word file (bootcamp JSON, CSV,
// TSV or an Anki export) into a group, all or nothing. With dry_run it is
// a preview: what the file holds and would do, writing nothing (a browser
// keeps the file for the Import that follows). A file with any problem is
// a 400 with every problem at its line, and nothing written.
func (s *Server) importWords(c echo.Context) error {
	in, fields, err := decodeImport(c.Request())
	entered := views.ImportView{GroupID: fields.Get("group_id"), GroupName: fields.Get("group"), Upload: in.upload, FileName: in.fileName}
	if err != nil {
		return s.withImportForm(c, err, entered)
	}
	// A double click on Import sends the kept file twice: the second waits
	// for nothing but gets a 409, and once the first is done the file is
	// gone (an import never duplicates a word either way).
	if in.upload != "" && !in.dryRun {
		done, err := s.inFlight.begin("import " + in.upload)
		if err != nil {
			return err
		}
		defer done()
	}
	if in.data == nil {
		data, ok := s.uploads.load(in.upload)
		if !ok {
			return s.withImportForm(c, &validationError{message: "some fields are not valid", fields: map[string]string{
				"file": "is required: the file of the preview is no longer kept, choose it again"}}, entered)
		}
		in.data = data
	}
	data := in.data
	if !in.dryRun {
		in.data = nil // the import's own reference is then the only one: it drops it once parsed
	}
	rep, err := s.store.ImportUpload(c.Request().Context(), db.ImportRequest{Data: data, GroupID: in.groupID, Group: in.group, DryRun: in.dryRun})
	if err != nil {
		return s.withImportForm(c, importErrors(err), entered)
	}
	entered.Report = &rep
	switch {
	case in.dryRun && len(rep.Errors) == 0:
		if entered.Upload == "" || in.fileName != "" {
			if entered.Upload, err = s.uploads.keep(in.data); err != nil {
				return err
			}
		}
	case !in.dryRun && len(rep.Errors) == 0:
		s.uploads.drop(in.upload)
	}
	v, err := s.importView(c, entered)
	if err != nil {
		return err
	}
	out := view{page: importPage, main: views.ImportContent(v), fragment: views.ImportPanel(v), json: rep}
	if len(rep.Errors) > 0 {
		out.status = http.StatusBadRequest
	}
	return s.respond(c, out)
}

// importErrors turns the store's refusals of the group into field messages.
func importErrors(err error) error {
	if missing, ok := errors.AsType[*db.MissingError](err); ok {
		return &validationError{message: "some fields are not valid", fields: map[string]string{"group_id": missing.Error()}}
	}
	if text, ok := errors.AsType[*db.TextError](err); ok {
		return &validationError{message: "some fields are not valid", fields: map[string]string{text.Field: text.Err.Error()}}
	}
	return err
}

// withImportForm attaches the import form, with what was entered and the
// messages, to a validation error.
func (s *Server) withImportForm(c echo.Context, err error, entered views.ImportView) error {
	invalid, ok := errors.AsType[*validationError](err)
	if !ok {
		return err
	}
	v, verr := s.importView(c, entered)
	if verr != nil {
		return errors.Join(err, verr)
	}
	v.Errors = invalid.fields
	if len(invalid.fields) == 0 {
		v.Message = sentenceOf(invalid.message)
	}
	out := view{status: http.StatusBadRequest, page: importPage, main: views.ImportContent(v), fragment: views.ImportPanel(v)}
	invalid.form = &out
	return invalid
}

// importBodyLimit is limitBody's for the upload: the declared length, then
// the stream, at most maxUploadBytes.
func importBodyLimit(c echo.Context) error {
	r := c.Request()
	if r.ContentLength > maxUploadBytes {
		return errUploadTooLarge
	}
	r.Body = http.MaxBytesReader(c.Response(), r.Body, maxUploadBytes)
	return nil
}
