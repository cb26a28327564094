// Who a generated message is from and to, read from its own header, for the
// SMTP envelope: what press sends is what the message says.
import type {AddressObject, ParsedMail} from 'mailparser'

export function envelopeOf(parsed: Pick<ParsedMail, 'from' | 'to'>): {from: string | undefined; to: string[]} {
  return {from: parsed.from?.value[0]?.address, to: addresses(parsed.to)}
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value.flatMap((entry) => (entry.address ? [entry.address] : (entry.group ?? []).flatMap((member) => (member.address ? [member.address] : [])))))
}
