"""Signing at a remote service through the Cloud Signature Consortium API (CSC v1): the
service holds the leader's key (in its HSM, or reaches the leader's SIM), and signs the
document's hash once the leader's PIN authorises it. Loaded only by `signing` when a service
signs."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import aiohttp
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.signers import csc_signer
from pyhanko.sign.timestamps import TimeStamper

if TYPE_CHECKING:
    from .signing import RemoteService


class PinAuthorisation(csc_signer.CSCAuthorizationManager):
    """Explicit authorisation: each batch of hashes is authorised with the signer's PIN at
    `credentials/authorize`, which answers with the Signature Activation Data (SAD)."""

    def __init__(
        self,
        service: csc_signer.CSCServiceSessionInfo,
        credential: csc_signer.CSCCredentialInfo,
        *,
        session: aiohttp.ClientSession,
        pin: str,
    ) -> None:
        super().__init__(service, credential)
        self.session = session
        self.pin = pin

    async def authorize_signature(self, hash_b64s: list[str]) -> csc_signer.CSCAuthorizationInfo:
        # A service at "sole control" level 2 binds the authorisation to the hashes.
        pinned = hash_b64s if self.credential_info.hash_pinning_required else None
        body = self.format_csc_auth_request(
            pin=self.pin, hash_b64s=pinned, num_signatures=len(hash_b64s)
        )
        url = self.csc_session_info.endpoint_url("credentials/authorize")
        async with self.session.post(
            url, headers=self.auth_headers, json=body, raise_for_status=True
        ) as response:
            return self.parse_csc_auth_response(await response.json())


async def sign_remotely(
    pdf: bytes,
    key: RemoteService,
    metadata: signers.PdfSignatureMetadata,
    timestamper: TimeStamper | None,
) -> bytes:
    service = csc_signer.CSCServiceSessionInfo(
        service_url=key.url.rstrip("/").removesuffix("/csc/v1"),
        credential_id=key.credential_id,
        oauth_token=key.bearer_token,
    )
    async with aiohttp.ClientSession() as session:
        credential = await csc_signer.fetch_certs_in_csc_credential(session, service)
        authorisation = PinAuthorisation(service, credential, session=session, pin=key.pin)
        signer = csc_signer.CSCSigner(session, auth_manager=authorisation)
        out = io.BytesIO()
        await signers.async_sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)),
            metadata,
            signer=signer,
            timestamper=timestamper,
            output=out,
        )
        return out.getvalue()
