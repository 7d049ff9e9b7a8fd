/** Indonesian phone numbers: 0 or +62 followed by 8 to 13 digits; spaces and dashes ignored. */
export function isValidPhone(phone: string): boolean {
  return /^(\+62|0)[1-9]\d{7,12}$/.test(phone.replace(/[\s-]/g, ''));
}

export function isValidEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254;
}
