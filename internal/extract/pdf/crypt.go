package pdf

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"hash"

	"github.com/budgetx/budgetx/model"
)

// encryption is what a file's /Encrypt dictionary says.
type encryption struct {
	filter string // security handler: Standard, Adobe.PubSec …
	v, r   int64
	bits   int64  // key length (/Length), 40 if absent
	cfm    string // crypt filter method of streams (V4, V5): V2, AESV2, AESV3, None
	same   bool   // V4: StmF and StrF name the same filter
	meta   bool   // EncryptMetadata
	o, u   []byte
	p      int64
	id     []byte // first element of the trailer's /ID
}

// encryptionOf reads the trailer's /Encrypt; nil if there is none.
func (s *source) encryptionOf() *encryption {
	v := s.trailer["Encrypt"]
	if v == nil {
		return nil
	}
	if ref, ok := v.(pref); ok {
		v, _, _ = s.objectAt(ref)
	}
	d, _ := v.(pdict)
	e := &encryption{bits: 40, meta: true}
	if d == nil {
		return e // an /Encrypt the check cannot read: still encrypted
	}
	name := func(x any) string { n, _ := x.(pname); return string(n) }
	str := func(x any) []byte { s, _ := x.(string); return []byte(s) }
	e.filter = name(d["Filter"])
	e.v, _ = d["V"].(int64)
	e.r, _ = d["R"].(int64)
	if n, ok := d["Length"].(int64); ok && n > 0 {
		e.bits = n
	}
	e.o, e.u = str(d["O"]), str(d["U"])
	e.p, _ = d["P"].(int64)
	if m, ok := d["EncryptMetadata"].(bool); ok {
		e.meta = m
	}
	if cf, ok := d["CF"].(pdict); ok {
		stmf := name(d["StmF"])
		e.same = stmf == name(d["StrF"])
		if f, ok := cf[pname(stmf)].(pdict); ok {
			e.cfm = name(f["CFM"])
		}
	}
	if ids, ok := s.trailer["ID"].(parray); ok && len(ids) > 0 {
		e.id = str(ids[0])
	}
	return e
}

// method names the cipher: "AES-256", "AES-128", "RC4 128-bit" …
func (e *encryption) method() string {
	switch {
	case e.filter != "Standard" && e.filter != "":
		return "public-key security /" + e.filter
	case e.v == 5 || e.cfm == "AESV3":
		return "AES-256"
	case e.v == 4 && e.cfm == "AESV2":
		return "AES-128"
	case e.v == 4 && e.cfm == "V2":
		return fmt.Sprintf("RC4 %d-bit", e.bits)
	case e.v == 4:
		return "crypt filter /" + e.cfm
	case e.v == 1:
		return "RC4 40-bit"
	case e.v == 2:
		return fmt.Sprintf("RC4 %d-bit", e.bits)
	}
	return fmt.Sprintf("unknown method V=%d R=%d", e.v, e.r)
}

// libraryDecrypts reports whether github.com/ledongthuc/pdf decrypts the
// file correctly with the empty password: RC4 or AES-128 (V4, AESV2) with
// a 128-bit key. (It derives the per-object key of shorter RC4 keys
// wrongly, and does not know AES-256.)
func (e *encryption) libraryDecrypts() bool {
	if e.filter != "Standard" || e.bits != 128 || e.r < 3 || e.r > 4 || !e.meta {
		return false
	}
	return e.v == 2 || e.v == 4 && e.cfm == "AESV2" && e.same
}

var passwordPad = []byte{
	0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
	0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
}

// emptyUserPassword reports whether the empty string opens the file
// (known is false when the dictionary does not let us tell).
func (e *encryption) emptyUserPassword() (ok, known bool) {
	if e.filter != "Standard" {
		return false, false
	}
	switch e.r {
	case 2, 3, 4:
		if len(e.o) < 32 || len(e.u) < 32 || e.bits < 40 || e.bits > 128 || e.bits%8 != 0 {
			return false, false
		}
		h := md5.New()
		h.Write(passwordPad)
		h.Write(e.o[:32])
		p := uint32(e.p)
		h.Write([]byte{byte(p), byte(p >> 8), byte(p >> 16), byte(p >> 24)})
		h.Write(e.id)
		if e.r >= 4 && !e.meta {
			h.Write([]byte{0xff, 0xff, 0xff, 0xff})
		}
		key := h.Sum(nil)
		n := int(e.bits / 8)
		if e.r == 2 {
			n = 5
		} else {
			for i := 0; i < 50; i++ {
				s := md5.Sum(key[:n])
				key = s[:]
			}
		}
		key = key[:n]
		if e.r == 2 {
			u := make([]byte, 32)
			c, _ := rc4.NewCipher(key)
			c.XORKeyStream(u, passwordPad)
			return bytes.Equal(u, e.u[:32]), true
		}
		h.Reset()
		h.Write(passwordPad)
		h.Write(e.id)
		u := h.Sum(nil)
		for i := 0; i <= 19; i++ {
			k := make([]byte, n)
			for j := range k {
				k[j] = key[j] ^ byte(i)
			}
			c, _ := rc4.NewCipher(k)
			c.XORKeyStream(u, u)
		}
		return bytes.Equal(u[:16], e.u[:16]), true
	case 5, 6:
		if len(e.u) < 48 {
			return false, false
		}
		salt := e.u[32:40]
		var got []byte
		if e.r == 5 {
			s := sha256.Sum256(salt)
			got = s[:]
		} else {
			got = hash2B(nil, salt, nil)
		}
		return bytes.Equal(got, e.u[:32]), true
	}
	return false, false
}

// hash2B is algorithm 2.B of ISO 32000-2 (revision 6).
func hash2B(password, salt, udata []byte) []byte {
	h := sha256.New()
	h.Write(password)
	h.Write(salt)
	h.Write(udata)
	k := h.Sum(nil)
	var e []byte
	for i := 0; i < 64 || int(e[len(e)-1]) > i-32; i++ {
		one := append(append(append([]byte(nil), password...), k...), udata...)
		k1 := bytes.Repeat(one, 64)
		block, _ := aes.NewCipher(k[:16])
		e = make([]byte, len(k1))
		cipher.NewCBCEncrypter(block, k[16:32]).CryptBlocks(e, k1)
		sum := 0
		for _, b := range e[:16] {
			sum += int(b)
		}
		var hh hash.Hash
		switch sum % 3 {
		case 0:
			hh = sha256.New()
		case 1:
			hh = sha512.New384()
		default:
			hh = sha512.New()
		}
		hh.Write(e)
		k = hh.Sum(nil)
	}
	return k[:32]
}

// refusal returns the error for an encrypted file budgetx will not read,
// or nil if the library may try it (no password needed, a cipher it
// decrypts).
func (e *encryption) refusal() error {
	m := e.method()
	if e.filter != "Standard" && e.filter != "" {
		return fmt.Errorf("%w (%s): needs a certificate; budgetx does not decrypt", model.ErrEncrypted, m)
	}
	empty, known := e.emptyUserPassword()
	switch {
	case known && !empty:
		return fmt.Errorf("%w (%s): needs a password; budgetx does not decrypt", model.ErrEncrypted, m)
	case e.libraryDecrypts():
		return nil
	case known && empty:
		return fmt.Errorf("%w (%s) without a password, but budgetx cannot decrypt %s: decrypt it first (qpdf --decrypt IN.pdf OUT.pdf)", model.ErrEncrypted, m, m)
	}
	return fmt.Errorf("%w (%s): budgetx does not decrypt it", model.ErrEncrypted, m)
}
