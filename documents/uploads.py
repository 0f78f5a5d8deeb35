"""An upload handler that stops storing a file once it is larger than the documents may be."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(UploadedFile):
    """Stands for a file that was too big to keep: its name and full size, no content."""

    def __init__(self, name, content_type, size, charset):
        super().__init__(file=None, name=name, content_type=content_type, size=size, charset=charset)

    def open(self, mode=None):
        raise ValueError("An oversized upload has no content.")


class SizeLimitUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes a file's chunks on to the next handlers until the file
    passes DOCUMENT_MAX_UPLOAD_SIZE, then keeps only counting. The form sees an `OversizedUpload` of the
    full size and says that the file is too big; nothing past the limit is stored, in memory or on
    disk."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.too_big = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.DOCUMENT_MAX_UPLOAD_SIZE:
            self.too_big = True
        return None if self.too_big else raw_data

    def file_complete(self, file_size):
        if not self.too_big:
            return None
        return OversizedUpload(self.file_name, self.content_type, file_size, self.charset)
