import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCertificates {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A client certificate signed by another CA: the server must refuse it. */
  strangerCert: string;
  strangerKey: string;
}

/** A CA, a server certificate for 127.0.0.1 and client certificates, made with the openssl CLI in a temp folder. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "ims-mtls-"));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ca = (name: string) => {
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path(`${name}.key`), "-out", path(`${name}.crt`), "-days", "2", "-subj", `/CN=${name}`);
  };
  const signed = (name: string, by: string, extensions: string) => {
    writeFileSync(path(`${name}.ext`), extensions);
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path(`${name}.key`), "-out", path(`${name}.csr`), "-subj", `/CN=${name}`);
    openssl("x509", "-req", "-in", path(`${name}.csr`), "-CA", path(`${by}.crt`), "-CAkey", path(`${by}.key`), "-CAcreateserial", "-out", path(`${name}.crt`), "-days", "2", "-extfile", path(`${name}.ext`));
  };
  ca("test-ca");
  ca("stranger-ca");
  signed("server", "test-ca", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  signed("client", "test-ca", "extendedKeyUsage=clientAuth\n");
  signed("stranger", "stranger-ca", "extendedKeyUsage=clientAuth\n");
  return {
    dir,
    caCert: path("test-ca.crt"),
    serverCert: path("server.crt"),
    serverKey: path("server.key"),
    clientCert: path("client.crt"),
    clientKey: path("client.key"),
    strangerCert: path("stranger.crt"),
    strangerKey: path("stranger.key"),
  };
}
