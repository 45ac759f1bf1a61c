package pdf

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// encrypted returns the one-page Hello document encrypted with the
// standard security handler: "rc4-40" (V1 R2), "rc4-128" (V2 R3),
// "aes-128" (V4 R4 AESV2), with user password pw. The owner password
// entry /O is arbitrary bytes: only the user password matters here.
func encrypted(t testing.TB, method, pw string) []byte {
	t.Helper()
	id := []byte("0123456789abcdef")
	o := bytes.Repeat([]byte{0x5a}, 32)
	p := int32(-4)
	v, r, bits := 2, 3, 128
	switch method {
	case "rc4-40":
		v, r, bits = 1, 2, 40
	case "aes-128":
		v, r = 4, 4
	}
	n := bits / 8
	// algorithm 2: the file key
	pad := append([]byte(pw), passwordPad...)[:32]
	h := md5.New()
	h.Write(pad)
	h.Write(o)
	h.Write([]byte{byte(p), byte(p >> 8), byte(p >> 16), byte(p >> 24)})
	h.Write(id)
	key := h.Sum(nil)
	if r >= 3 {
		for i := 0; i < 50; i++ {
			s := md5.Sum(key[:n])
			key = s[:]
		}
	}
	key = key[:n]
	// algorithms 4 and 5: /U
	var u []byte
	if r == 2 {
		u = make([]byte, 32)
		c, _ := rc4.NewCipher(key)
		c.XORKeyStream(u, passwordPad)
	} else {
		s := md5.Sum(append(append([]byte(nil), passwordPad...), id...))
		u = s[:]
		for i := 0; i <= 19; i++ {
			k := make([]byte, n)
			for j := range k {
				k[j] = key[j] ^ byte(i)
			}
			c, _ := rc4.NewCipher(k)
			c.XORKeyStream(u, u)
		}
		u = append(u, bytes.Repeat([]byte{0}, 16)...)
	}
	// algorithm 1: each stream with its object's key
	enc := func(num int, data string) string {
		hk := md5.New()
		hk.Write(key)
		hk.Write([]byte{byte(num), byte(num >> 8), byte(num >> 16), 0, 0})
		if method == "aes-128" {
			hk.Write([]byte("sAlT"))
		}
		k := hk.Sum(nil)[:min(n+5, 16)]
		if method != "aes-128" {
			out := make([]byte, len(data))
			c, _ := rc4.NewCipher(k)
			c.XORKeyStream(out, []byte(data))
			return string(out)
		}
		block, _ := aes.NewCipher(k)
		iv := []byte("fedcba9876543210")
		padN := 16 - len(data)%16
		plain := append([]byte(data), bytes.Repeat([]byte{byte(padN)}, padN)...)
		out := make([]byte, len(plain))
		cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, plain)
		return string(iv) + string(out)
	}
	objs := onePage("", "")
	objs[4] = stream("", enc(4, helloContent))
	d := fmt.Sprintf("<< /Filter /Standard /V %d /R %d /Length %d /O <%x> /U <%x> /P %d", v, r, bits, o, u, p)
	if v == 4 {
		d += " /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF"
	}
	objs[6] = d + " >>"
	c := newCraft("%PDF-1.7").objs(objs)
	return c.finish(c.xref(fmt.Sprintf("/Root 1 0 R /Encrypt 6 0 R /ID [<%x> <%x>]", id, id)))
}

// TestEncrypted: what the library decrypts rightly with no password is
// read; anything else says it is encrypted, with what, and whether a
// password is needed.
func TestEncrypted(t *testing.T) {
	for _, m := range []string{"rc4-128", "aes-128"} {
		doc, err := readGuarded(t, m, encrypted(t, m, ""), model.Limits{})
		wantHello(t, m, doc, err)
		_, err = readGuarded(t, m+" with a password", encrypted(t, m, "secret"), model.Limits{})
		wantErr(t, m+" with a password", err, model.ErrEncrypted, "needs a password", "budgetx does not decrypt")
	}
	_, err := readGuarded(t, "rc4-40", encrypted(t, "rc4-40", ""), model.Limits{})
	wantErr(t, "rc4-40", err, model.ErrEncrypted, "encrypted (RC4 40-bit) without a password", "qpdf --decrypt")
	_, err = readGuarded(t, "rc4-40 with a password", encrypted(t, "rc4-40", "secret"), model.Limits{})
	wantErr(t, "rc4-40 with a password", err, model.ErrEncrypted, "encrypted (RC4 40-bit): needs a password")

	aes256 := func(u []byte) []byte {
		o := onePage(helloContent, "")
		o[6] = fmt.Sprintf("<< /Filter /Standard /V 5 /R 6 /Length 256 /O <%x> /U <%x> /OE <%x> /UE <%x> /P -4 /CF << /StdCF << /CFM /AESV3 /Length 32 >> >> /StmF /StdCF /StrF /StdCF >>",
			bytes.Repeat([]byte{1}, 48), u, bytes.Repeat([]byte{2}, 32), bytes.Repeat([]byte{3}, 32))
		c := newCraft("%PDF-1.7").objs(o)
		return c.finish(c.xref("/Root 1 0 R /Encrypt 6 0 R /ID [<00> <00>]"))
	}
	salt := []byte("saltsalt")
	empty := append(append(hash2B(nil, salt, nil), salt...), "keysalt!"...)
	_, err = readGuarded(t, "aes-256", aes256(empty), model.Limits{})
	wantErr(t, "aes-256", err, model.ErrEncrypted, "encrypted (AES-256) without a password, but budgetx cannot decrypt AES-256")
	_, err = readGuarded(t, "aes-256 with a password", aes256(bytes.Repeat([]byte{7}, 48)), model.Limits{})
	wantErr(t, "aes-256 with a password", err, model.ErrEncrypted, "encrypted (AES-256): needs a password; budgetx does not decrypt")

	o := onePage(helloContent, "")
	o[6] = "<< /Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s5 /V 4 >>"
	c := newCraft("%PDF-1.7").objs(o)
	_, err = readGuarded(t, "pubsec", c.finish(c.xref("/Root 1 0 R /Encrypt 6 0 R")), model.Limits{})
	wantErr(t, "pubsec", err, model.ErrEncrypted, "public-key security /Adobe.PubSec", "needs a certificate")
}

// TestEmptyUserPasswordQPDF checks the password checks on /U entries that
// qpdf 11 wrote (qpdf --encrypt "" owner 256, and "user" owner 256; qpdf
// --allow-weak-crypto --encrypt "" owner 40).
func TestEmptyUserPasswordQPDF(t *testing.T) {
	x := func(s string) []byte {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range []struct {
		name string
		e    encryption
		want bool
	}{
		{"aes-256, no password", encryption{filter: "Standard", v: 5, r: 6,
			u: x("d9fdab75034a49c22cf1be381bdaec12a3be5ea20a6062ef3907a1d4101a00fcd9611ec398d1cd5a9786f6efa49e2716")}, true},
		{"aes-256, password user", encryption{filter: "Standard", v: 5, r: 6,
			u: x("6bc65be2d7308a078c5f47d228da6b9a2a1fb4979f23dd6c8b9a50c3fa80c85f5a274411f167a267ce64f56630eb5f13")}, false},
		{"rc4-40, no password", encryption{filter: "Standard", v: 1, r: 2, bits: 40, p: -4, meta: true,
			o:  x("59aebc0b228d02a1dd1afd7be52ad249afdc6fd71ef9234a49bfa56eb72c801a"),
			u:  x("abc206d22efa5f1c4b57f6d1adf2bc9351177022fbb27b93cb2423a3e4512448"),
			id: x("ee5a250be77e8dc736252ec29317e340")}, true},
	} {
		got, known := c.e.emptyUserPassword()
		if !known || got != c.want {
			t.Errorf("%s: empty password opens it: %v (known %v), want %v", c.name, got, known, c.want)
		}
	}
}
