"""Every write of the privacy app: data-subject requests and the breach register."""

from .breaches import breach_close, breach_notify, breach_record
from .requests import (
    CORRECTABLE,
    data_request_answer,
    data_request_correct,
    data_request_file,
    data_request_refuse,
)

__all__ = [
    "CORRECTABLE",
    "breach_close",
    "breach_notify",
    "breach_record",
    "data_request_answer",
    "data_request_correct",
    "data_request_file",
    "data_request_refuse",
]
