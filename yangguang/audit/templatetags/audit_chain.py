"""`{% audit_chain_head %}`: the audit chain head (entry count, last hash, the key's fingerprint) as
`yangguang audit verify` prints it, for a page an outsider may compare with a copy kept elsewhere."""

from django import template

from yangguang.audit.queries import chain_head

register = template.Library()


@register.inclusion_tag("audit/_chain_head.html")
def audit_chain_head():
    return {"head": chain_head()}
